// What the History/Dashboard scope switch learns over the contract (the browser
// host's HTTP, outputs checked against the schemas): which desktop the page runs
// on, as the team's history names it, and the scope last chosen, kept across a
// restart of the app (the browser host's page cannot keep it: its origin's port
// changes with every launch).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { callInput, waitForState } from '../../../test/support/engine';
import { freshTeamDatabase, TEAM_TIMING } from '../../../test/support/team';
import { useTempDirs } from '../../../test/support/temp-dir';
import { waitFor } from '../../../test/support/wait';
import { contractValue as value, openHostWorld, type HostWorld } from '../../../test/support/world';

const tempDir = useTempDirs();

/** An engine in `dir` named `name` to the team, behind the browser host's contract. */
function desktop(dir: string, name?: string): Promise<HostWorld> {
  const env = { CALLLOG_ALLOW_HTTP_LOOPBACK: '1', ...(name ? { CALLLOG_DESKTOP_NAME: name } : {}) };
  return openHostWorld(dir, { timing: TEAM_TIMING, service: { env } });
}

describe('this desktop, as the team knows it', () => {
  it('the page is told its desktop id and name, with or without a database, and they are those on the calls it logged in the team’s history', async () => {
    const db = await freshTeamDatabase();
    const seat1 = await desktop(tempDir(), 'Seat 1');
    const seat2 = await desktop(tempDir(), 'Seat 2');
    try {
      const before = await value(seat1, 'getTeamDatabase');
      expect(before).toMatchObject({ configured: false, thisDesktop: { name: 'Seat 1' } });
      expect(before.thisDesktop.id).toMatch(/\S/);
      const joined = await value(seat1, 'setTeamDatabase', { url: db.url });
      expect(joined).toMatchObject({ state: 'connected', thisDesktop: before.thisDesktop });
      expect((await value(seat2, 'setTeamDatabase', { url: db.url })).thisDesktop).toMatchObject({ name: 'Seat 2' });
      const seat2Id = (await value(seat2, 'getTeamDatabase')).thisDesktop.id;
      expect(seat2Id).not.toBe(before.thisDesktop.id);

      const mine = await waitForState(seat1.svc, seat1.svc.logCall(callInput({ agentName: 'Asha Rao' })).id, 'final');
      await waitForState(seat2.svc, seat2.svc.logCall(callInput({ agentName: 'Vikram Shah' })).id, 'final');
      const items = await waitFor('both calls in the team’s history', async () => {
        const page = await value(seat1, 'listTeamEntries', {});
        return page.items.length === 2 ? (page.items as { id: number; desktopId: string; desktopName: string; agentName: string }[]) : null;
      });
      const ours = items.filter((e) => e.desktopId === before.thisDesktop.id);
      // This desktop's row is its own call, under the id it has here: what "Open on This computer" opens.
      expect(ours).toEqual([expect.objectContaining({ id: mine.id, desktopName: 'Seat 1', agentName: 'Asha Rao' })]);
      expect(items.find((e) => e.desktopId !== before.thisDesktop.id)).toMatchObject({ desktopId: seat2Id, desktopName: 'Seat 2' });
      expect(await value(seat1, 'getTeamEntry', { desktopId: before.thisDesktop.id, id: mine.id })).toMatchObject({ desktopName: 'Seat 1', callSessionId: mine.callSessionId });
    } finally {
      await seat1.close();
      await seat2.close();
    }
  });
});

describe('the scope last chosen', () => {
  it('is "This computer" at first, keeps "Team" across a restart and a settings save, and refuses anything else without a change', async () => {
    const dir = tempDir();
    const first = await desktop(dir);
    try {
      expect(await value(first, 'getViewScope')).toEqual({ scope: 'local' });
      expect(await value(first, 'setViewScope', { scope: 'team' })).toEqual({ scope: 'team' });
      for (const bad of [{ scope: 'everyone' }, { scope: null }, {}, { scope: 'team', extra: 1 }]) {
        const r = await first.api('setViewScope', bad);
        expect(r.body, JSON.stringify(bad)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      }
      // Saving Settings (every field) keeps it: it sits beside the settings, not among them.
      await value(first, 'updateSettings', { agentName: 'Meera Shah' });
      expect(await value(first, 'getViewScope')).toEqual({ scope: 'team' });
      expect(await value(first, 'getSettings')).not.toHaveProperty('viewScope');
    } finally {
      await first.close();
    }
    const again = await desktop(dir);
    try {
      expect(await value(again, 'getViewScope')).toEqual({ scope: 'team' });
      expect((await value(again, 'getSettings')).agentName).toBe('Meera Shah');
      expect(await value(again, 'setViewScope', { scope: 'local' })).toEqual({ scope: 'local' });
    } finally {
      await again.close();
    }
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))).toMatchObject({ viewScope: 'local', agentName: 'Meera Shah' });
  });

  it('a value on disk it does not know (edited by hand, or from a later version) reads as "This computer", and the settings still load', async () => {
    const dir = tempDir();
    const first = await desktop(dir);
    await value(first, 'updateSettings', { agentName: 'Meera Shah' });
    await first.close();
    const file = join(dir, 'settings.json');
    writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), viewScope: 'everyone' }));
    const again = await desktop(dir);
    try {
      expect(await value(again, 'getViewScope')).toEqual({ scope: 'local' });
      expect((await value(again, 'getSettings')).agentName).toBe('Meera Shah');
    } finally {
      await again.close();
    }
  });
});
