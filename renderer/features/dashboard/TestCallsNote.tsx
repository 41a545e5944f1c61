// Under a day's figures: what they do with test calls. A supervisor checking that
// every call reached LeadSquared counts the account's calls; calls logged with the
// built-in sandbox never go there, so counting them as delivered (or failed) would
// hide a gap, and leaving them out without a word would look like calls gone missing.
// While the sandbox is on (`counted`: a trainer, or someone trying the app) they are
// the figures, and the note says so, lest a practice day pass for the account's.
import { TestTag } from '../../app/TestTag';
import { formatNumber } from './format';

export function TestCallsNote({ count, counted = false }: { count: number; counted?: boolean }) {
  if (counted) {
    return (
      <p className="hint" data-testid="test-calls-note">
        {count > 0 ? (
          <>
            Counting {formatNumber(count)} <TestTag entry={{ test: true }} /> call{count === 1 ? '' : 's'} above
          </>
        ) : (
          'Counting test calls too'
        )}
        : the sandbox is on. Test calls never reach LeadSquared.
      </p>
    );
  }
  if (count === 0) return null;
  return (
    <p className="hint" data-testid="test-calls-note">
      Not counted above: {formatNumber(count)} <TestTag entry={{ test: true }} /> call{count === 1 ? '' : 's'} logged with the built-in sandbox on
      this day (never sent to LeadSquared).
    </p>
  );
}
