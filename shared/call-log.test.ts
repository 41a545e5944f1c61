import { describe, expect, it } from 'vitest';
import { callInputSchema, callLogPayloadSchema, parseApiTime } from './call-log';
import { fromApiTime, toApiTime } from './time-rule';

const payload = {
  SourceNumber: '+91-9611795983',
  DestinationNumber: '8611795988',
  DisplayNumber: '',
  StartTime: '2026-11-24 10:00:00',
  EndTime: '2026-11-24 10:02:05',
  CallDuration: '125',
  Status: 'Answered',
  CallNotes: 'asked for brochure',
  ResourceURL: '',
  Direction: 'inbound',
  CallSessionId: 'c0ffee-1',
  AgentName: 'Asha',
};

const firstMessage = (r: { success: boolean; error?: { issues: { message: string; path: PropertyKey[] }[] } }) =>
  r.success ? null : { message: r.error!.issues[0]!.message, path: r.error!.issues[0]!.path.join('.') };

describe('call log payload', () => {
  it('accepts a valid body and normalises the direction', () => {
    const r = callLogPayloadSchema.parse(payload);
    expect(r.Direction).toBe('Inbound');
  });

  it.each([
    [{ StartTime: '2026-11-24T10:00:00' }, 'StartTime', /YYYY-MM-DD HH:MM:SS/],
    [{ StartTime: '2026-02-30 10:00:00' }, 'StartTime', /real date/],
    [{ EndTime: '2026-11-24 09:59:00' }, 'EndTime', /End time is before start time/],
    [{ CallDuration: '500' }, 'CallDuration', /longer than the time between/],
    [{ CallDuration: '1.5' }, 'CallDuration', /whole seconds/],
    [{ SourceNumber: '' }, 'SourceNumber', /Source number is required/],
    [{ DestinationNumber: 'abc' }, 'DestinationNumber', /digits/],
    [{ Direction: 'Sideways' }, 'Direction', /Inbound or Outbound/],
    [{ ResourceURL: 'javascript:alert(1)' }, 'ResourceURL', /https/],
    [{ CallSessionId: 'has space' }, 'CallSessionId', /letters, digits/],
  ])('refuses %j with a specific message on the field', (change, path, message) => {
    const r = firstMessage(callLogPayloadSchema.safeParse({ ...payload, ...change }));
    expect(r?.path).toBe(path);
    expect(r?.message).toMatch(message);
  });

  it('parses API times strictly', () => {
    expect(parseApiTime('2026-11-24 23:59:59')).toBe(Date.UTC(2026, 10, 24, 23, 59, 59));
    expect(parseApiTime('2026-11-24 24:00:00')).toBeNull();
    expect(parseApiTime('2026-11-24 1:00:00')).toBeNull();
  });
});

describe('call input (the form)', () => {
  const input = {
    direction: 'Outbound',
    leadNumber: '9611795983',
    agentNumber: '+91 80 4567 8901',
    startTime: '2026-11-24T10:00:00.000Z',
    endTime: '2026-11-24T10:01:00.000Z',
    durationSeconds: 60,
    status: 'Answered',
    callSessionId: 'abc-123',
  };

  it('accepts consistent times', () => {
    expect(callInputSchema.safeParse(input).success).toBe(true);
  });

  it('says when the end time is before the start time', () => {
    expect(firstMessage(callInputSchema.safeParse({ ...input, endTime: '2026-11-24T09:00:00.000Z', durationSeconds: 0 }))).toEqual({
      message: 'End time is before start time',
      path: 'endTime',
    });
  });

  it('says when duration and times disagree', () => {
    expect(firstMessage(callInputSchema.safeParse({ ...input, durationSeconds: 90 }))?.message).toBe('Duration does not match the start and end times');
  });

  it('refuses unknown fields (and prototype keys)', () => {
    expect(callInputSchema.safeParse({ ...input, extra: 1 }).success).toBe(false);
    expect(callInputSchema.safeParse(JSON.parse(`{"__proto__":{"polluted":1},${JSON.stringify(input).slice(1)}`)).success).toBe(false);
  });
});

describe('time rule', () => {
  it('writes UTC by default and a chosen zone when set, and reads it back', () => {
    const at = '2026-11-24T10:00:05.000Z';
    expect(toApiTime(at, 'UTC')).toBe('2026-11-24 10:00:05');
    expect(toApiTime(at, 'Asia/Kolkata')).toBe('2026-11-24 15:30:05');
    expect(fromApiTime('2026-11-24 15:30:05', 'Asia/Kolkata')).toBe(Date.parse(at));
    expect(fromApiTime('2026-11-24 10:00:05', 'UTC')).toBe(Date.parse(at));
  });
});

describe('pasted values', () => {
  it('forgives spaces around every field of a call, optional ones included', () => {
    const start = '2026-11-24T09:00:00.000Z';
    const r = callInputSchema.safeParse({
      direction: ' inbound ',
      leadNumber: ' +91-9611795983 ',
      agentNumber: '\t8611795988 ',
      displayNumber: '   ',
      startTime: start,
      endTime: '2026-11-24T09:01:00.000Z',
      durationSeconds: 60,
      status: ' Answered ',
      notes: 'kept as typed ',
      recordingUrl: '  https://rec.example.com/1.mp3\n',
      agentName: ' Asha ',
      callSessionId: ' sess-1 ',
    });
    expect(r.success && r.data).toMatchObject({
      direction: 'Inbound',
      leadNumber: '+91-9611795983',
      agentNumber: '8611795988',
      displayNumber: '',
      status: 'Answered',
      notes: 'kept as typed ',
      recordingUrl: 'https://rec.example.com/1.mp3',
      agentName: 'Asha',
      callSessionId: 'sess-1',
    });
  });
});
