/** A message as one sentence: trimmed, ending in exactly one full stop (another sentence may follow it). */
export const sentence = (s: string): string => `${s.trim().replace(/[.\s]+$/, '')}.`;
