// The Log call page end to end: the real engine and a real (loopback) LeadSquared
// sandbox per test. Assertions are about what the agent sees and what reached
// the sandbox, never about how long anything took.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

const formOf = (page: Page) => page.getByRole('form', { name: 'Log a call' });
const lastCall = (page: Page) => page.getByRole('status', { name: 'Last call' });
const bodyOf = (call: { body: unknown }) => call.body as Record<string, string>;

test('a logged call reaches Success and shows the RequestID the sandbox issued', async ({ page, world }) => {
  await world.configure();
  await world.open(page);
  const form = formOf(page);
  const lead = form.getByLabel('Lead phone number');
  await expect(lead).toBeFocused();
  // Defaults come from Settings.
  await expect(form.getByLabel('Agent name')).toHaveValue('Asha Rao');
  await expect(form.getByLabel('Agent phone number')).toHaveValue('8611795988');
  await expect(form.getByLabel('Call session ID')).toHaveValue(/^[0-9a-f-]{36}$/);
  const sessionId = await form.getByLabel('Call session ID').inputValue();

  await lead.fill('9611795983');
  await form.getByLabel('Duration (seconds)').fill('125');
  await form.getByLabel('Notes').fill('Asked for the brochure');
  await form.getByRole('button', { name: 'Log call' }).click();

  await expect(lastCall(page)).toContainText('Call to 9611795983 saved');
  await expect(lastCall(page)).toContainText('Success');
  const calls = world.sandbox.calls();
  expect(calls).toHaveLength(1);
  await expect(lastCall(page)).toContainText(`RequestID ${calls[0]!.requestId}`);
  const body = bodyOf(calls[0]!);
  expect(body).toMatchObject({
    Direction: 'Outbound',
    SourceNumber: '8611795988',
    DestinationNumber: '9611795983',
    CallDuration: '125',
    Status: 'Answered',
    CallNotes: 'Asked for the brochure',
    AgentName: 'Asha Rao',
    CallSessionId: sessionId,
  });
  // "Just ended" mode: the duration counted back from the end, so the times agree with it.
  expect(Date.parse(`${body.EndTime!.replace(' ', 'T')}Z`) - Date.parse(`${body.StartTime!.replace(' ', 'T')}Z`)).toBe(125_000);

  // Ready for the next call: empty, same agent defaults, a new session ID, focus on the lead number.
  await expect(lead).toHaveValue('');
  await expect(lead).toBeFocused();
  await expect(form.getByLabel('Agent name')).toHaveValue('Asha Rao');
  await expect(form.getByLabel('Call session ID')).not.toHaveValue(sessionId);
  // Recent lead numbers are offered for the next call.
  await expect(page.locator('#recent-lead-numbers option[value="9611795983"]')).toHaveCount(1);
});

test('a call LeadSquared fails shows Failure and its reason', async ({ page, world }) => {
  await world.configure();
  const reason = 'MXUserNotFound: No user has the agent number 8611795988';
  world.sandbox.setFaults({ failureNext: 1, failureReason: reason });
  await world.open(page);
  const form = formOf(page);
  await form.getByLabel('Lead phone number').fill('+91-9611795983');
  await form.getByRole('button', { name: 'Log call' }).click();
  await expect(lastCall(page)).toContainText('Failure');
  await expect(lastCall(page)).toContainText(reason);
});

test('a wrong key shows "Needs API key" and the call goes through once the key is fixed in Settings', async ({ page, world }) => {
  await world.configure({ key: 'wrong-key-1234' });
  await world.open(page);
  const form = formOf(page);
  await form.getByLabel('Lead phone number').fill('9611795983');
  await form.getByRole('button', { name: 'Log call' }).click();
  await expect(lastCall(page)).toContainText('Needs API key');
  const [entry] = (await world.service.listEntries({})).items;

  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await page.getByLabel('API key').fill(world.sandbox.apiKey);
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status', { name: 'Save result' })).toContainText('Settings saved');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Log call' }).click();
  await expect(lastCall(page)).toContainText('Success');
  await expect.poll(async () => (await world.service.getEntry(entry!.id)).state).toBe('success');
});

// Holding one read back needs the browser host's HTTP: under Electron the page reads over IPC,
// which page.route cannot see. The renderer logic under test is the same on both hosts.
test('a change that lands while the Last call line is still reading the call is shown, not lost', { tag: '@browser-host' }, async ({ page, world }) => {
  await world.configure({ key: 'wrong-key-1234' });
  world.sandbox.setFaults({ latencyMs: 300 });
  // The line's first read of the call is answered late, so LeadSquared's 401 (and main's
  // change event) arrives while that read, which saw the call before the 401, is still on its way.
  let held = false;
  await page.route('**/api/getEntry', async (route) => {
    if (held) return route.continue();
    held = true;
    const response = await route.fetch();
    await new Promise((r) => setTimeout(r, 1500));
    await route.fulfill({ response });
  });
  await world.open(page);
  const form = formOf(page);
  await form.getByLabel('Lead phone number').fill('9611795983');
  await form.getByRole('button', { name: 'Log call' }).click();
  await expect(lastCall(page)).toContainText('Needs API key');
  expect(held).toBe(true);
});

test('offline: the call waits to retry, then goes through when LeadSquared is back', async ({ page, world }) => {
  await world.configure();
  await world.open(page);
  await world.stopSandbox();
  const form = formOf(page);
  await form.getByLabel('Lead phone number').fill('9611795983');
  await form.getByRole('button', { name: 'Log call' }).click();
  await expect(lastCall(page)).toContainText('Waiting to retry');
  await world.restartSandbox();
  await expect(lastCall(page)).toContainText('Success');
  await expect(lastCall(page)).toContainText(`RequestID ${world.sandbox.calls()[0]!.requestId}`);
});

test('keyboard only: type, tab, Ctrl+Enter logs the call and focus returns to the lead number', async ({ page, world }) => {
  await world.configure();
  await world.open(page);
  const form = formOf(page);
  const lead = form.getByLabel('Lead phone number');
  await expect(lead).toBeFocused();
  await page.keyboard.type('9611795983');
  await page.keyboard.press('Tab'); // Direction: the checked radio
  await page.keyboard.press('ArrowLeft'); // Outbound -> Inbound
  await page.keyboard.press('Tab'); // Call status
  await page.keyboard.press('ArrowDown'); // Answered -> Missed
  await page.keyboard.press('Tab'); // Duration
  await page.keyboard.type('2:05');
  await page.keyboard.press('Tab'); // Notes
  await page.keyboard.type('No answer, try tomorrow');
  await page.keyboard.press('Enter'); // a newline in Notes, not a submit
  await page.keyboard.type('Left voicemail');
  await page.keyboard.press('Control+Enter');

  await expect(lastCall(page)).toContainText('Call from 9611795983 saved');
  await expect(lead).toBeFocused();
  await expect(lead).toHaveValue('');
  await expect.poll(() => world.sandbox.calls().length).toBe(1);
  expect(bodyOf(world.sandbox.calls()[0]!)).toMatchObject({
    Direction: 'Inbound',
    SourceNumber: '9611795983',
    DestinationNumber: '8611795988',
    Status: 'Missed',
    CallDuration: '125',
    CallNotes: 'No answer, try tomorrow\nLeft voicemail',
  });
  // The direction sticks for the next call: agents work in runs.
  await expect(form.getByRole('radiogroup', { name: 'Direction' }).getByRole('radio', { name: 'Inbound' })).toBeChecked();
});

test('plain Enter in a field does not log a half-typed call', async ({ page, world }) => {
  await world.configure();
  await world.open(page);
  const lead = formOf(page).getByLabel('Lead phone number');
  await expect(lead).toBeFocused();
  await page.keyboard.type('9611795983');
  await page.keyboard.press('Enter');
  await page.keyboard.type('1');
  await expect(lead).toHaveValue('96117959831');
  await page.keyboard.press('Control+Enter');
  await expect(lastCall(page)).toContainText('Call to 96117959831 saved');
  // Had Enter logged the first nine-digit number, there would be two.
  expect((await world.service.listEntries({})).items.map((e) => e.leadNumber)).toEqual(['96117959831']);
});

test('validation: errors in words next to the field, and nothing is logged', async ({ page, world }) => {
  await world.configure();
  await world.open(page);
  const form = formOf(page);
  const lead = form.getByLabel('Lead phone number');
  await lead.fill('call me');
  await form.getByRole('button', { name: 'Log call' }).click();
  await expect(lead).toHaveAttribute('aria-invalid', 'true');
  await expect(lead).toHaveAccessibleDescription('Lead phone number may only contain digits, spaces, +, -, ( and )');
  await expect(lead).toBeFocused();
  await expect(form.getByText('Not logged: fix the marked field above, then Log call again.')).toBeVisible();

  await lead.fill('9611795983');
  await expect(lead).toHaveAttribute('aria-invalid', 'false');
  // Nothing marked any more: nothing to say by the button either.
  await expect(form.getByText('Not logged: fix the marked field above, then Log call again.')).toHaveCount(0);
  const start = form.getByLabel('Start time');
  const end = form.getByLabel('End time');
  await start.fill('2024-05-01T10:00:00');
  await end.fill('2024-05-01T09:58:30');
  await form.getByRole('button', { name: 'Log call' }).click();
  await expect(end).toHaveAttribute('aria-invalid', 'true');
  await expect(end).toHaveAccessibleDescription('End time is before start time');
  await expect(form.getByText('End time is before start time')).toBeVisible();
  // With errors showing, the page still passes axe (labels, descriptions, contrast).
  expect((await new AxeBuilder({ page }).include('main').analyze()).violations).toEqual([]);

  // Fixing the start clears the end's error: the three times are checked together.
  await start.fill('2024-05-01T09:55:00');
  await expect(end).toHaveAttribute('aria-invalid', 'false');
  expect((await world.service.listEntries({})).total).toBe(0);
  expect(world.sandbox.calls()).toHaveLength(0);
  await expect(lead).toHaveValue('9611795983');
});

test('no agent phone number in Settings: the form says why it is needed, keeps what was typed, and carries it to the next call', async ({ page, world }) => {
  // First run: the sandbox, no agent defaults.
  await world.open(page);
  const form = formOf(page);
  const agentNumber = form.getByLabel('Agent phone number');
  await expect(agentNumber).toHaveValue('');
  await form.getByLabel('Lead phone number').fill('9611795983');
  await form.getByLabel('Notes').fill('Asked for the brochure');
  await form.getByRole('button', { name: 'Log call' }).click();
  await expect(agentNumber).toHaveAttribute('aria-invalid', 'true');
  await expect(agentNumber).toHaveAccessibleDescription('Your agent phone number is needed: LeadSquared matches it to your user. Save it once in Settings to have it filled in.');
  await expect(agentNumber).toBeFocused();
  await expect(form.getByLabel('Lead phone number')).toHaveValue('9611795983');
  await expect(form.getByLabel('Notes')).toHaveValue('Asked for the brochure');
  expect((await world.service.listEntries({})).total).toBe(0);

  await agentNumber.fill('8611795988');
  await form.getByRole('button', { name: 'Log call' }).click();
  await expect(lastCall(page)).toContainText('Call to 9611795983 saved');
  await expect(form.getByLabel('Lead phone number')).toHaveValue('');
  await expect(form.getByLabel('Notes')).toHaveValue('');
  await expect(agentNumber).toHaveValue('8611795988');
  // Settings is not changed behind the agent's back; its field says what the number is for.
  expect((await world.service.getSettings()).agentNumber).toBe('');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('button', { name: 'Settings', exact: true }).click();
  const saved = page.getByLabel('Agent phone number');
  await expect(saved).toHaveAccessibleDescription(/LeadSquared matches it to your user/);

  // A default saved there wins over the number carried from the last call.
  await saved.fill('8611795999');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status', { name: 'Save result' })).toHaveText('Settings saved');
  await nav.getByRole('button', { name: 'Log call', exact: true }).click();
  await expect(agentNumber).toHaveValue('8611795999');
});

test('a session ID already logged is refused under "Call session ID", and nothing typed is lost', async ({ page, world }) => {
  await world.configure();
  await world.open(page);
  const form = formOf(page);
  await form.getByLabel('Lead phone number').fill('9611795983');
  await form.getByLabel('Call session ID').fill('crm-call-42');
  await form.getByRole('button', { name: 'Log call' }).click();
  await expect(lastCall(page)).toContainText('Call to 9611795983 saved');

  await form.getByLabel('Lead phone number').fill('9611795984');
  await form.getByLabel('Notes').fill('Second call');
  await form.getByLabel('Call session ID').fill('crm-call-42');
  const session = form.getByLabel('Call session ID');
  // Said as it is typed, before Log call is pressed.
  await expect(session).toHaveAccessibleDescription(/^A call with session ID crm-call-42 is already logged on this computer: it is in History\. If this is another call, use New ID\./);
  await form.getByRole('button', { name: 'Log call' }).click();
  await expect(session).toHaveAttribute('aria-invalid', 'true');
  await expect(session).toHaveAccessibleDescription(/^A call with session ID crm-call-42 is already logged/);
  // The line above the form is still the first call's: by the button, this one is said not to be logged.
  await expect(lastCall(page)).toContainText('Call to 9611795983 saved');
  const notLogged = form.getByText('Not logged: fix the marked field above, then Log call again.');
  await expect(notLogged).toBeVisible();
  await expect(form.getByLabel('Lead phone number')).toHaveValue('9611795984');
  await expect(form.getByLabel('Notes')).toHaveValue('Second call');
  expect((await world.service.listEntries({})).total).toBe(1);

  await form.getByRole('button', { name: 'New ID' }).click();
  await form.getByRole('button', { name: 'Log call' }).click();
  await expect(lastCall(page)).toContainText('Call to 9611795984 saved');
  await expect(notLogged).toHaveCount(0);
  expect((await world.service.listEntries({})).total).toBe(2);
});

test('a session ID typed before its call was logged is said to be logged when typed again', { tag: '@browser-host' }, async ({ page, world }) => {
  await world.configure();
  await world.open(page);
  const form = formOf(page);
  const session = form.getByLabel('Call session ID');
  await form.getByLabel('Lead phone number').fill('9611795983');
  // The form asks about the ID as it is typed (nothing logged with it yet), then it is logged.
  const asked = page.waitForResponse((r) => r.url().endsWith('/api/whereLogged'));
  await session.fill('crm-call-77');
  await asked;
  await form.getByRole('button', { name: 'Log call' }).click();
  await expect(lastCall(page)).toContainText('Call to 9611795983 saved');

  // The same ID pasted again for the next call: the earlier "not logged" answer is out of date.
  await form.getByLabel('Lead phone number').fill('9611795984');
  await session.fill('crm-call-77');
  await expect(session).toHaveAccessibleDescription(/^A call with session ID crm-call-77 is already logged on this computer/);
  expect((await world.service.listEntries({})).total).toBe(1);
});

test('duration, start and end stay consistent; Esc clears and Undo brings it back', async ({ page, world }) => {
  await world.configure();
  await world.open(page);
  const form = formOf(page);
  const [start, end, duration] = [form.getByLabel('Start time'), form.getByLabel('End time'), form.getByLabel('Duration (seconds)')];
  // Seconds that are not :00, because the browser drops ":00" from a datetime-local value.
  await start.fill('2024-05-01T10:00:07');
  await duration.fill('2:05');
  await expect(end).toHaveValue('2024-05-01T10:02:12'); // editing duration moves the end
  await duration.blur();
  await expect(duration).toHaveValue('125'); // shown as what is sent
  await end.fill('2024-05-01T10:10:07');
  await expect(duration).toHaveValue('600'); // editing the end updates the duration
  await start.fill('2024-05-01T11:00:07');
  await expect(end).toHaveValue('2024-05-01T11:10:07'); // editing the start keeps the duration

  await form.getByLabel('Lead phone number').fill('9611795983');
  await form.getByRole('button', { name: 'Insert template: Wrong number' }).click();
  await form.getByRole('button', { name: 'Insert template: Not interested' }).click();
  await expect(form.getByLabel('Notes')).toHaveValue('Wrong number\nNot interested');

  const sessionId = await form.getByLabel('Call session ID').inputValue();
  await form.getByLabel('Notes').press('Escape');
  await expect(form.getByLabel('Lead phone number')).toHaveValue('');
  await expect(form.getByLabel('Lead phone number')).toBeFocused();
  await expect(form.getByLabel('Notes')).toHaveValue('');
  await expect(form.getByLabel('Agent name')).toHaveValue('Asha Rao');
  await expect(form.getByLabel('Call session ID')).not.toHaveValue(sessionId);

  await form.getByRole('button', { name: 'Undo' }).click();
  await expect(form.getByLabel('Lead phone number')).toHaveValue('9611795983');
  await expect(form.getByLabel('Notes')).toHaveValue('Wrong number\nNot interested');
  await expect(start).toHaveValue('2024-05-01T11:00:07');
  await expect(form.getByLabel('Call session ID')).toHaveValue(sessionId);
});

test.describe('in the agent’s time zone', () => {
  test.use({ timezoneId: 'Asia/Kolkata' });

  test('local wall-clock times are sent as UTC (the default rule)', async ({ page, world }) => {
    await world.configure();
    await world.open(page);
    const form = formOf(page);
    await form.getByLabel('Lead phone number').fill('9611795983');
    // Two days back: Log call refuses a start more than 30 days ago (and any in the future).
    const day = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
    await form.getByLabel('Start time').fill(`${day}T15:00:00`);
    await form.getByLabel('Duration (seconds)').fill('125');
    await form.getByRole('button', { name: 'Log call' }).click();
    await expect(lastCall(page)).toContainText('Success');
    expect(bodyOf(world.sandbox.calls()[0]!)).toMatchObject({ StartTime: `${day} 09:30:00`, EndTime: `${day} 09:32:05`, CallDuration: '125' });
  });
});

test('a half-typed call survives a trip to Settings', async ({ page, world }) => {
  await world.configure();
  await world.open(page);
  const form = formOf(page);
  await form.getByLabel('Lead phone number').fill('9611795983');
  await form.getByLabel('Notes').fill('Call back at 5');
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await page.getByLabel('Agent name').fill('Asha R.');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status', { name: 'Save result' })).toContainText('Settings saved');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Log call' }).click();
  await expect(form.getByLabel('Lead phone number')).toHaveValue('9611795983');
  await expect(form.getByLabel('Notes')).toHaveValue('Call back at 5');
  await expect(form.getByLabel('Agent name')).toHaveValue('Asha R.'); // untouched here: Settings' new default
});
