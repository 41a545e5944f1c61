// A call from a number to the same number is never a real call: the lead's number is the
// agent's own (a CSV whose columns were swapped or copied twice, the agent's number typed
// into Lead). History would then show the agent as the lead. Checked only where a call
// enters (Log call, main's logCall and Edit and resend, CSV import rows), never where
// stored calls are read back, so nothing already saved stops being read, retried or tracked.

/**
 * The shortest number that may match another only by its tail. National numbers have 7 or
 * more digits almost everywhere; an extension (`201`) must not match the end of a longer
 * number (`9876543201`) that merely ends the same way.
 */
const MIN_NATIONAL_DIGITS = 7;

/** Country codes have 1 to 3 digits (+1, +91, +971). */
const MAX_COUNTRY_CODE_DIGITS = 3;

/** A written number's digits alone: what History's search and this rule compare. */
export const digitsOf = (s: string) => s.replace(/\D/g, '');
/** Leading zeros dial out (`0` trunk, `00` international) and are not part of the number. */
const dialledOf = (digits: string) => digits.replace(/^0+/, '');

/**
 * Whether two written numbers reach the same phone: the same digits once formatting is
 * gone (spaces, dashes, brackets, a leading +), or the same number with a country code or
 * trunk prefix written on one side only. That prefix counts because LeadSquared and
 * diallers write a lead `+91-9611795983` while agents save their own as `9611795983` (or
 * `09611795983`): comparing bare digits would let exactly the swapped row we are looking
 * for through. Two different real numbers that differ only by 1-3 leading digits on a
 * 7-digit-or-longer number are not a pair a call would join.
 */
export function sameNumber(a: string, b: string): boolean {
  if (digitsOf(a) !== '' && digitsOf(a) === digitsOf(b)) return true;
  const x = dialledOf(digitsOf(a));
  const y = dialledOf(digitsOf(b));
  if (x === '' || y === '') return false;
  if (x === y) return true;
  const [short, long] = x.length < y.length ? [x, y] : [y, x];
  if (short.length < MIN_NATIONAL_DIGITS || !long.endsWith(short)) return false;
  return long.length - short.length <= MAX_COUNTRY_CODE_DIGITS;
}

/** Why Log call, logCall or Edit and resend refuses this lead number, or null. */
export function ownNumberProblem(leadNumber: string, agentNumber: string): string | null {
  if (!sameNumber(leadNumber, agentNumber)) return null;
  return "This is the agent's own number: enter the number of the lead on the call (a call cannot go from a number to itself)";
}

/**
 * Why a CSV row is refused, named on the lead's column (Inbound: SourceNumber; Outbound:
 * DestinationNumber), since the agent's number is the one a dialler export gets right.
 */
export function ownNumberRowProblem(p: { Direction: 'Inbound' | 'Outbound'; SourceNumber: string; DestinationNumber: string }): { field: string; reason: string } | null {
  if (!sameNumber(p.SourceNumber, p.DestinationNumber)) return null;
  const [lead, agent] = p.Direction === 'Inbound' ? ['SourceNumber', 'DestinationNumber'] : ['DestinationNumber', 'SourceNumber'];
  return { field: lead, reason: `${lead} is the agent's own number (the same as ${agent}) — are the columns swapped? A call cannot go from a number to itself` };
}
