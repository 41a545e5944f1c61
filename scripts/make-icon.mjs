// Writes build/icon.png (512x512): a blue rounded square with a white speech
// bubble and a check mark. electron-builder derives the .ico and .icns from it; the build
// copies it next to main.mjs for the window and tray. Rerun only to change it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 512;
const SAMPLES = 4; // per axis, for smooth edges

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
/** @param {Uint8Array} buf @returns {number} */
const crc32 = (buf) => {
  let c = 0xffffffff;
  // The index is a byte (0..255): always inside the 256-entry table.
  for (const b of buf) c = /** @type {number} */ (CRC_TABLE[(c ^ b) & 0xff]) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
/** @param {string} type @param {Buffer} data @returns {Buffer} */
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
};

/** @type {(x: number, y: number, inset: number, r: number) => boolean} */
const inRoundedSquare = (x, y, inset, r) => {
  const lo = inset + r;
  const hi = SIZE - inset - r;
  const dx = Math.max(lo - x, 0, x - hi);
  const dy = Math.max(lo - y, 0, y - hi);
  return x >= inset && x <= SIZE - inset && y >= inset && y <= SIZE - inset && dx * dx + dy * dy <= r * r;
};
/** @type {(x: number, y: number, cx: number, cy: number, r: number) => boolean} */
const inCircle = (x, y, cx, cy, r) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
// A speech bubble: a circle with a tail at the lower left, and a check mark cut out of it.
/** @type {(x: number, y: number) => boolean} */
const inBubble = (x, y) => inCircle(x, y, 256, 240, 150) || (x > 120 && x < 200 && y > 320 && y < 420 && y - 320 < (200 - x) * 1.2);
/** @type {(x: number, y: number) => boolean} */
const inCheck = (x, y) => {
  /** @type {(ax: number, ay: number, bx: number, by: number, w: number) => boolean} */
  const onSegment = (ax, ay, bx, by, w) => {
    const t = Math.max(0, Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
    return (x - ax - t * (bx - ax)) ** 2 + (y - ay - t * (by - ay)) ** 2 <= w * w;
  };
  return onSegment(185, 245, 235, 295, 22) || onSegment(235, 295, 335, 185, 22);
};

const raw = Buffer.alloc((SIZE * 4 + 1) * SIZE);
for (let y = 0; y < SIZE; y++) {
  raw[y * (SIZE * 4 + 1)] = 0; // filter: none
  for (let x = 0; x < SIZE; x++) {
    let bg = 0;
    let white = 0;
    for (let sy = 0; sy < SAMPLES; sy++) {
      for (let sx = 0; sx < SAMPLES; sx++) {
        const px = x + (sx + 0.5) / SAMPLES;
        const py = y + (sy + 0.5) / SAMPLES;
        if (!inRoundedSquare(px, py, 16, 96)) continue;
        bg += 1;
        if (inBubble(px, py) && !inCheck(px, py)) white += 1;
      }
    }
    const n = SAMPLES * SAMPLES;
    const w = white / Math.max(bg, 1);
    const blue = /** @type {const} */ ([21, 101, 192]);
    const o = y * (SIZE * 4 + 1) + 1 + x * 4;
    raw[o] = Math.round(blue[0] + (255 - blue[0]) * w);
    raw[o + 1] = Math.round(blue[1] + (255 - blue[1]) * w);
    raw[o + 2] = Math.round(blue[2] + (255 - blue[2]) * w);
    raw[o + 3] = Math.round((255 * bg) / n);
  }
}

const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header[8] = 8; // bit depth
header[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
mkdirSync(new URL('../build/', import.meta.url), { recursive: true });
writeFileSync(new URL('../build/icon.png', import.meta.url), png);
console.log(`build/icon.png: ${png.length} bytes`);
