import type { EntrySummary } from '../../shared/entry';

/** Beside a call's state: it was logged with the built-in sandbox, so it never went to LeadSquared. */
export function TestTag({ entry }: { entry: Pick<EntrySummary, 'test'> }) {
  if (!entry.test) return null;
  return (
    <span className="tag-test" title="Logged with the built-in sandbox: a test call, never sent to LeadSquared">
      Test
    </span>
  );
}
