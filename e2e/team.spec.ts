// The team database in Settings, end to end against a real PostgreSQL server.
import pg from 'pg';
import { expect, test } from './fixtures';
import { dropE2eDatabase, e2eDatabaseWithAgentLogin, freshE2eDatabase } from './team-db';
import { PG_PASSWORD } from '../test/support/postgres';
import { apiOf, validCall } from '../electron/sandbox/testing';
import { callInput } from '../test/support/engine';

test('pasting the team database connects; Settings shows only host and database, never the password', async ({ page, world }) => {
  const db = await freshE2eDatabase();
  await world.configure();
  await world.open(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  const field = page.getByLabel('Team database', { exact: true });
  const status = page.getByRole('status', { name: 'Team database status' });
  await expect(status).toHaveText(/None: this computer paces itself on its own/);

  // Plain text to another computer is refused next to the field.
  await field.fill('postgres://desk:pw@db.floor.example.com/calllog?sslmode=disable');
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(field).toHaveAccessibleDescription(/TLS is required unless the database is on this computer/);

  await field.fill(`  ${db.url}  `);
  await field.press('Enter');
  await expect(status).toHaveText(new RegExp(`Connected to 127\\.0\\.0\\.1:\\d+ / ${db.name}`));
  await expect(field).toHaveValue('');
  await expect(field).toHaveAttribute('aria-invalid', 'false');
  expect(await page.content()).not.toContain(PG_PASSWORD);

  expect((await world.service.connectionInfo()).sending.budget).toBe('team');

  await page.getByRole('button', { name: 'Clear' }).last().click();
  await expect(status).toHaveText(/None: this computer paces itself on its own/);
});

test('a connection string that cannot connect is refused next to the field, keeping the typed text and the database in use', async ({ page, world }) => {
  const db = await freshE2eDatabase();
  await world.configure();
  await world.open(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  const field = page.getByLabel('Team database', { exact: true });
  const status = page.getByRole('status', { name: 'Team database status' });
  await field.fill(db.url);
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(status).toHaveText(/Connected to/);

  // The same string with a password mistyped: said at the field, nothing lost.
  const typo = db.url.replace(`:${PG_PASSWORD}@`, ':not-the-password@');
  await field.fill(typo);
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(field).toHaveAccessibleDescription(
    new RegExp(`cannot use 127\\.0\\.0\\.1:\\d+ / ${db.name}: the user name or password was refused\\. Nothing was saved: the team database set before stays in use\\.`),
  );
  await expect(field).toHaveValue(typo);
  await expect(field).toBeFocused();
  await expect(status).toHaveText(new RegExp(`Connected to 127\\.0\\.0\\.1:\\d+ / ${db.name}`));
  expect((await world.service.connectionInfo()).sending.budget).toBe('team');
  expect(await page.content()).not.toContain('not-the-password');
  // Hidden as typed; shown on request, to find the typo.
  await expect(field).toHaveAttribute('type', 'password');
  const show = page.getByRole('button', { name: 'Show', exact: true });
  await show.click();
  await expect(show).toHaveAttribute('aria-pressed', 'true');
  await expect(field).toHaveAttribute('type', 'text');

  // Corrected in place, it connects, and the field is emptied and hidden again.
  await field.fill(db.url);
  await field.press('Enter');
  await expect(field).toHaveAttribute('aria-invalid', 'false');
  await expect(field).toHaveValue('');
  await expect(field).toHaveAttribute('type', 'password');
  await expect(status).toHaveText(/Connected to/);
});

test('with “Use sandbox” on, Settings does not promise the floor’s budget to this computer’s test calls', async ({ page, world }) => {
  const db = await freshE2eDatabase();
  await world.open(page); // first run: the built-in sandbox
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  const field = page.getByLabel('Team database', { exact: true });
  const status = page.getByRole('status', { name: 'Team database status' });
  await field.fill(db.url);
  await field.press('Enter');
  await expect(status).toHaveText(/Connected to .*“Use sandbox” is on, so this computer’s calls are test calls/);
  await expect(status).not.toContainText('shares one LeadSquared budget');

  // Set up for the account (as world.configure() does for every other test), the budget is the floor's.
  await world.configure();
  await page.reload();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  await expect(status).toHaveText(/every desktop on this key shares one LeadSquared budget/);
});

test('a team database that goes away is said so, in Settings and above every page', async ({ page, world }) => {
  const db = await freshE2eDatabase();
  await world.configure();
  await world.open(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  await page.getByLabel('Team database', { exact: true }).fill(db.url);
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  const status = page.getByRole('status', { name: 'Team database status' });
  await expect(status).toHaveText(/Connected to/);
  await dropE2eDatabase(db.name);
  await expect(status).toHaveText(
    new RegExp(`Cannot reach the team database \\(127\\.0\\.0\\.1:\\d+ / ${db.name}\\): the database does not exist.*this computer paces itself`),
  );
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Log call' }).click();
  await expect(page.getByTestId('sending-pace')).toHaveText(/team database cannot be reached: this computer paces itself/);
});

test('an agent’s login, which reads only its own calls, is not shown them as the team’s', async ({ page, world }) => {
  const { agentUrl } = await e2eDatabaseWithAgentLogin();
  await world.configure();
  await world.open(page);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('button', { name: 'Settings' }).click();
  await page.getByLabel('Team database', { exact: true }).fill(agentUrl);
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Team database status' })).toHaveText(/Connected to/);
  const first = await world.service.logCall(callInput({ agentName: 'Asha Rao' }));
  await expect.poll(async () => (await world.service.getEntry(first.id)).state, { timeout: 20_000 }).toBe('success');

  await nav.getByRole('button', { name: 'History', exact: true }).click();
  const scope = page.getByRole('group', { name: 'Show calls from' });
  await expect(scope.getByRole('radio', { name: 'Team' })).toHaveCount(0);
  await scope.getByRole('radio', { name: 'This login’s calls' }).check();
  await expect(page.getByRole('heading', { name: 'This login’s calls', level: 1 })).toBeVisible();
  await expect(scope).toHaveAccessibleDescription(/reads only its own calls \(from every desktop that uses it\); a supervisor’s login reads every agent’s/);
  await expect(page.getByRole('grid', { name: 'Team call history' }).getByRole('row').filter({ has: page.getByRole('gridcell') })).toHaveCount(1, { timeout: 20_000 });

  await nav.getByRole('button', { name: 'Dashboard' }).click();
  await expect(page.getByRole('heading', { name: 'This login’s dashboard', level: 1 })).toBeVisible();
  await expect(page.getByRole('region', { name: /^This login’s calls, today/ })).toContainText('This login’s calls in the team database, from every desktop that uses it.');
});

test('with a team database, a call waiting for the floor tells the agent sending is slowed, though nothing else changes', async ({ page, world }) => {
  const db = await freshE2eDatabase();
  await world.configure();
  await world.open(page);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('button', { name: 'Settings' }).click();
  await page.getByLabel('Team database', { exact: true }).fill(db.url);
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Team database status' })).toHaveText(/Connected to/);
  await nav.getByRole('button', { name: 'Log call' }).click();
  const first = await world.service.logCall(callInput());
  await expect.poll(async () => (await world.service.getEntry(first.id)).state, { timeout: 20_000 }).toBe('success');
  // The floor is paused (as after LeadSquared refused someone outside the team): the next call waits
  // in the shared budget and nothing about it changes meanwhile.
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  try {
    await c.query(`UPDATE calllog.budget_keys SET paused_until = clock_timestamp() + interval '10 seconds'`);
  } finally {
    await c.end();
  }
  const next = await world.service.logCall(callInput());
  await expect(page.getByTestId('sending-pace')).toHaveText(/Sending is slowed: the team is using the whole LeadSquared limit/);
  expect((await world.service.getEntry(next.id)).state).toBe('queued');
  await expect.poll(async () => (await world.service.getEntry(next.id)).state, { timeout: 30_000 }).toBe('success');
  await expect(page.getByTestId('sending-pace')).toHaveCount(0);
});

test.describe('no team database, another desktop on the same key', () => {
  test.use({
    sandboxOptions: { rateLimit: { limit: 4, windowMs: 2000 }, processingDelayMs: 200 },
    engineTiming: { rateLimit: { limit: 4, windowMs: 2000 } },
  });

  test('the agent is told sending is slowed because the key is busy, and the calls still go through', async ({ page, world }) => {
    await world.configure();
    await world.open(page);
    // Another desktop spends the key: it keeps the window full for a while.
    const other = apiOf(world.sandbox);
    let busy = true;
    const otherDesktop = (async () => {
      while (busy) {
        await other.submit(validCall());
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    try {
      const ids: number[] = [];
      for (let i = 0; i < 6; i++) ids.push((await world.service.logCall(callInput())).id);
      await expect(page.getByTestId('sending-pace')).toHaveText(/Sending is slowed: other computers are using the same LeadSquared key/);
      busy = false;
      await otherDesktop;
      for (const id of ids) await expect.poll(async () => (await world.service.getEntry(id)).state, { timeout: 30_000 }).toBe('success');
    } finally {
      busy = false;
      await otherDesktop;
    }
  });
});
