import { describe, expect, it } from 'vitest';
import { callInputSchema, newCallInputSchema } from './call-log';
import { ownNumberProblem, ownNumberRowProblem, sameNumber } from './own-number';

describe('the same number on both ends of a call', () => {
  it.each([
    ['9611795983', '9611795983'],
    ['96117 95983', '96117-95983'],
    ['(961) 179-5983', '9611795983'],
    ['+91-9611795983', '9611795983'],
    ['+91 96117 95983', '09611795983'],
    ['0091 9611795983', '+91-9611795983'],
    ['+1 (415) 555-0134', '4155550134'],
    ['+971 4 123 4567', '041234567'],
    ['000', '0-0-0'],
  ])('%s and %s are one number', (a, b) => {
    expect(sameNumber(a, b)).toBe(true);
    expect(sameNumber(b, a)).toBe(true);
  });

  it.each([
    ['9611795983', '8611795988', 'different numbers'],
    ['9611795983', '9611795984', 'one digit apart'],
    ['201', '9876543201', 'an extension that only ends the same way'],
    ['543201', '1543201', 'a short number under a prefix'],
    ['9611795983', '12349611795983', 'four digits before, more than a country code'],
    ['9611795983', '961179598', 'one is cut short'],
  ])('%s and %s are not (%s)', (a, b) => {
    expect(sameNumber(a, b)).toBe(false);
    expect(sameNumber(b, a)).toBe(false);
  });

  it('names the problem on the lead number, or says nothing', () => {
    expect(ownNumberProblem('+91-8611795988', '8611795988')).toMatch(/^This is the agent's own number/);
    expect(ownNumberProblem('9611795983', '8611795988')).toBeNull();
  });

  it("names the lead's column of a CSV row: SourceNumber when Inbound, DestinationNumber when Outbound", () => {
    const row = { SourceNumber: '8611795988', DestinationNumber: '+91 86117 95988' };
    expect(ownNumberRowProblem({ ...row, Direction: 'Inbound' })).toEqual({ field: 'SourceNumber', reason: expect.stringMatching(/^SourceNumber is the agent's own number \(the same as DestinationNumber\) — are the columns swapped\?/) });
    expect(ownNumberRowProblem({ ...row, Direction: 'Outbound' })).toMatchObject({ field: 'DestinationNumber' });
    expect(ownNumberRowProblem({ ...row, SourceNumber: '9611795983', Direction: 'Inbound' })).toBeNull();
  });
});

describe('where the rule applies', () => {
  const call = {
    direction: 'Inbound',
    leadNumber: '+91-8611795988',
    agentNumber: '8611795988',
    startTime: '2026-11-24T09:00:00.000Z',
    endTime: '2026-11-24T09:01:35.000Z',
    durationSeconds: 95,
    status: 'Answered',
    callSessionId: 'own-1',
  };

  it('a new call is refused on leadNumber', () => {
    const r = newCallInputSchema.safeParse(call);
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['leadNumber', expect.stringMatching(/^This is the agent's own number/)]]);
  });

  it('a stored call read back is not, so nothing saved before the rule is lost', () => {
    expect(callInputSchema.safeParse(call).success).toBe(true);
  });
});
