// The preload against the shared electron mock: what the page gets, and only that.
import { describe, expect, it, vi } from 'vitest';
import { CHANNEL_NAMES, EVENT_NAMES, ipcChannelId, ipcEventId, subscribeName } from '../shared/ipc';
import type * as ElectronMock from '../test/electron-mock';

let mockState: typeof ElectronMock.mockState;
let ipcRenderer: typeof ElectronMock.ipcRenderer;

/** A fresh page: the preload runs once per load, so each test loads it (and the mock) anew. */
async function loadPreload(): Promise<Record<string, (...args: any[]) => any>> {
  vi.resetModules();
  const electron = await import('../test/electron-mock');
  ({ mockState, ipcRenderer } = electron);
  await import('./preload');
  const api = mockState.exposed.callLog;
  expect(api).toBeTypeOf('object');
  return api as Record<string, (...args: any[]) => any>;
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('preload', () => {
  it('exposes exactly one method per contract channel and one subscription per event', async () => {
    const api = await loadPreload();
    expect(Object.keys(mockState.exposed)).toEqual(['callLog']);
    const expected = [...CHANNEL_NAMES, ...EVENT_NAMES.map(subscribeName)].sort();
    expect(Object.keys(api).sort()).toEqual(expected);
    for (const key of expected) expect(api[key]).toBeTypeOf('function');
    expect(api).not.toHaveProperty('invoke');
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('each method invokes its own calllog: channel with the input (empty object when none)', async () => {
    const api = await loadPreload();
    mockState.rendererInvoke = (channel, input) => ({ ok: true, value: { channel, input } });
    await expect(api.getEntry!({ id: 7 })).resolves.toEqual({ ok: true, value: { channel: 'calllog:getEntry', input: { id: 7 } } });
    await api.getSettings!();
    for (const name of CHANNEL_NAMES) await api[name]!({});
    expect(ipcRenderer.invoked[0]).toEqual({ channel: 'calllog:getEntry', args: [{ id: 7 }] });
    expect(ipcRenderer.invoked[1]).toEqual({ channel: 'calllog:getSettings', args: [{}] });
    expect(ipcRenderer.invoked.slice(2).map((i) => i.channel)).toEqual(CHANNEL_NAMES.map(ipcChannelId));
  });

  it('subscriptions pass only the payload, and the returned function unsubscribes', async () => {
    const api = await loadPreload();
    const seen: unknown[][] = [];
    const off = api.onEntriesChanged!((...args: unknown[]) => seen.push(args));
    ipcRenderer.deliver(ipcEventId('entriesChanged'), { ids: [1, 2] });
    expect(seen).toEqual([[{ ids: [1, 2] }]]);
    off();
    off(); // twice is harmless
    ipcRenderer.deliver(ipcEventId('entriesChanged'), { ids: [3] });
    expect(seen).toHaveLength(1);
    expect(ipcRenderer.listenerCount(ipcEventId('entriesChanged'))).toBe(0);
  });

  it('refuses a listener that is not a function', async () => {
    const api = await loadPreload();
    expect(() => api.onEntriesChanged!('nope')).toThrow(TypeError);
  });

  it('keeps a navigate sent before the page subscribed for its first subscriber', async () => {
    const api = await loadPreload();
    ipcRenderer.deliver(ipcEventId('navigate'), { page: 'settings' });
    ipcRenderer.deliver(ipcEventId('navigate'), { page: 'history' });
    // React StrictMode: subscribe, unsubscribe, subscribe again in one go.
    const first = vi.fn();
    api.onNavigate!(first)();
    const second = vi.fn();
    const off = api.onNavigate!(second);
    await tick();
    expect(first).not.toHaveBeenCalled();
    expect(second.mock.calls).toEqual([[{ page: 'history' }]]);
    ipcRenderer.deliver(ipcEventId('navigate'), { page: 'log-call' });
    expect(second).toHaveBeenLastCalledWith({ page: 'log-call' });
    off();
  });
});
