// How a typed search that looks like a phone number is compared with stored
// calls, for this computer's history (the trigram index) and the team's
// (team_filter's LIKE) alike.
//
// The rule: a query of only digits and the punctuation people and dialers put
// in numbers (spaces, dashes, brackets, dots, a leading +), with at least 3
// digits, is compared by its digits with each call's digits, so "98765 43210"
// and "(987) 654-3210" find 9876543210, and "8611795988" finds "+91-8611795988".
// A query of more than 10 digits carries a country code or a trunk 0 that the
// stored number may lack ("+91 9876543210" against a stored 9876543210): it is
// compared by its last 10, the subscriber's number. Stored digits that hold the
// whole query also hold its last 10, so those alone need asking for.

import { digitsOf } from '../../../shared/own-number';

/** An Indian mobile number without its country code (and a North American one without its 1). */
const SUBSCRIBER_DIGITS = 10;

const PHONE_LIKE = /^[\d\s()+\-.]+$/;

/** The digits a search is compared with stored numbers by, or null when it is not a number. */
export function phoneQueryDigits(search: string): string | null {
  if (!PHONE_LIKE.test(search)) return null;
  const digits = digitsOf(search);
  if (digits.length < 3) return null;
  return digits.length > SUBSCRIBER_DIGITS ? digits.slice(-SUBSCRIBER_DIGITS) : digits;
}
