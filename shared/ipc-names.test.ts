// The zod-free name lists the preload uses must match the contract, in order.
import { describe, expect, it } from 'vitest';
import { channels, events } from './ipc';
import { CHANNEL_NAMES, EVENT_NAMES, ipcChannelId, ipcEventId, subscribeName } from './ipc-names';

describe('ipc names', () => {
  it('list exactly the contract channels and events', () => {
    expect(Object.keys(channels)).toEqual([...CHANNEL_NAMES]);
    expect(Object.keys(events)).toEqual([...EVENT_NAMES]);
  });

  it('derive channel ids and subscription names', () => {
    expect(ipcChannelId('logCall')).toBe('calllog:logCall');
    expect(ipcEventId('navigate')).toBe('calllog-event:navigate');
    expect(EVENT_NAMES.map(subscribeName)).toEqual(['onEntriesChanged', 'onNavigate', 'onTeamChanged']);
  });
});
