// A failure's reason as a History row has room for it: the reasons this app writes itself
// (from LeadSquared's HTTP answers, electron/core/leadsquared/client.ts and connection.ts) are
// long sentences whose instruction comes last, and a row cut them before it ("…(401). Open …").
// Their short form leads with what happened and what to do; the whole sentence stays in the
// row's title and accessible description, and in the details. LeadSquared's own StatusReasons
// ("MXUserNotFound: No user has…") are shown as they are: they start with what matters.

const SHORT: readonly [RegExp, (m: RegExpExecArray) => string][] = [
  [/^LeadSquared rejected the API key \(401\)/, () => 'API key rejected (401): Try again, then Settings'],
  [/^The sandbox refused its key \(401\)/, () => 'Sandbox refused its key (401): Try again'],
  [/^LeadSquared refused the call log \(400\)/, () => 'Malformed (400): edit and resend'],
  [/^LeadSquared refused the call log \((\d{3})\)/, (m) => `Refused by LeadSquared (${m[1]})`],
  [/^LeadSquared does not know this Call Log API URL \(404\)/, () => 'Unknown Call Log URL (404): check Settings'],
  [/^LeadSquared's rate limit was reached \(429\)/, () => 'Rate limit reached (429)'],
  [/^LeadSquared had a problem \((\d{3})\)/, (m) => `LeadSquared had a problem (${m[1]})`],
];

/** The row's words for `reason`: its short form where this app wrote it, else the reason itself. */
export function shortReason(reason: string): string {
  for (const [pattern, label] of SHORT) {
    const m = pattern.exec(reason);
    if (m) return label(m);
  }
  return reason;
}
