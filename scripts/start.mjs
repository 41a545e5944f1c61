// npm start: build, then run the Electron app; where the Electron binary is not
// installed (as on machines that cannot download it), say so in one line and
// run the browser host instead: same core, same renderer, in a browser.
import { spawn, spawnSync } from 'node:child_process';
import { electronBinary } from './electron-binary.mjs';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** @param {string[]} args */
function run(args) {
  // Windows runs npm.cmd only through a shell (Node refuses .cmd files without one since CVE-2024-27980).
  const r = spawnSync(npm, args, { stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const bin = electronBinary().path;
if (bin) {
  run(['run', 'build']);
  const child = spawn(bin, ['.'], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log('Electron is not installed on this machine; starting the browser host instead (npm run start:browser).');
  run(['run', 'build:renderer', '--silent']);
  const child = spawn(process.execPath, ['--import', 'tsx', 'electron/browser-host/main.ts'], { stdio: 'inherit' });
  for (const sig of /** @type {const} */ (['SIGINT', 'SIGTERM'])) process.on(sig, () => child.kill(sig));
  child.on('exit', (code) => process.exit(code ?? 0));
}
