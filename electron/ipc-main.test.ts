// The contract on ipcMain, against a real service (SQLite in a temp dir, sandbox
// over loopback): every channel is there, only our window's page may call, and
// entry changes are pushed to that window only.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, ipcChannelId } from '../shared/ipc';
import {
  BrowserWindow,
  invokeEvent,
  invokeMain,
  mockState,
  MockWebContents,
  MockWebFrame,
  resetElectronMock,
  type BrowserWindow as MockWindow,
} from '../test/electron-mock';
import { callInput, openEngine, type EngineFixture } from '../test/support/engine';
import { useTempDirs } from '../test/support/temp-dir';
import { waitFor } from '../test/support/wait';
import { setupIpc } from './ipc-main';

const tempDir = useTempDirs();
let engine: EngineFixture;
let win: MockWindow;
let undo: () => void;

beforeEach(async () => {
  resetElectronMock();
  engine = await openEngine(tempDir());
  win = new BrowserWindow();
  win.webContents.mainFrame.url = 'app://bundle/index.html';
  undo = setupIpc(engine.svc, () => win.webContents as never);
});
afterEach(async () => {
  undo();
  await engine.close();
});

const fromOurPage = () => invokeEvent(win.webContents);

describe('ipcMain wiring', () => {
  it('registers every contract channel and nothing else', () => {
    expect([...mockState.ipcHandlers.keys()].sort()).toEqual(CHANNEL_NAMES.map(ipcChannelId).sort());
    undo();
    expect(mockState.ipcHandlers.size).toBe(0);
    undo = () => {};
  });

  it('answers our page through dispatch: values, typed input errors', async () => {
    await expect(invokeMain('calllog:getSettings', fromOurPage(), {})).resolves.toMatchObject({ ok: true, value: { useSandbox: false } });
    const logged = (await invokeMain('calllog:logCall', fromOurPage(), callInput({ callSessionId: 'ipc-1' }))) as any;
    expect(logged).toMatchObject({ ok: true, value: { callSessionId: 'ipc-1' } });
    await expect(invokeMain('calllog:getEntry', fromOurPage(), { id: 'x' })).resolves.toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'id' } });
    await expect(invokeMain('calllog:getEntry', fromOurPage(), { id: 999 })).resolves.toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('never hands the API key back', async () => {
    const r = await invokeMain('calllog:getKeyStatus', fromOurPage(), {});
    expect(r).toMatchObject({ ok: true, value: { hasKey: true } });
    expect(JSON.stringify(r)).not.toContain(engine.sandbox.apiKey);
  });

  it('refuses another webContents, a subframe, another origin and a vanished frame, with no effect', async () => {
    const stranger = new MockWebContents();
    stranger.mainFrame.url = 'app://bundle/index.html';
    const outsiders = [
      invokeEvent(stranger),
      invokeEvent(win.webContents, new MockWebFrame('app://bundle/index.html', win.webContents.mainFrame)),
      invokeEvent(win.webContents, new MockWebFrame('https://evil.example/')),
      invokeEvent(win.webContents, new MockWebFrame('file:///tmp/x.html')),
      invokeEvent(win.webContents, null),
    ];
    for (const [i, event] of outsiders.entries()) {
      const r = await invokeMain('calllog:logCall', event, callInput({ callSessionId: `refused-${i}` }));
      expect(r).toMatchObject({ ok: false, error: { code: 'not_allowed' } });
      await expect(invokeMain('calllog:setKey', event, { apiKey: 'stolen-key-123456' })).resolves.toMatchObject({ ok: false, error: { code: 'not_allowed' } });
    }
    expect(engine.svc.listEntries({}).total).toBe(0);
    expect(engine.svc.keyStatus().hint).toBe(engine.sandbox.apiKey.slice(-4));
  });

  it('refuses everyone once our window is gone', async () => {
    win.destroy();
    await expect(invokeMain('calllog:getSettings', invokeEvent(win.webContents), {})).resolves.toMatchObject({ ok: false, error: { code: 'not_allowed' } });
  });

  it('pushes entriesChanged to our window only, with just the ids', async () => {
    const other = new BrowserWindow();
    const { id } = engine.svc.logCall(callInput());
    const sent = await waitFor('entriesChanged', () => win.webContents.sent.find((m) => m.channel === 'calllog-event:entriesChanged'));
    expect(sent.args).toEqual([{ ids: [id] }]);
    expect(other.webContents.sent).toEqual([]);
  });
});
