// Under a day's figures: the test calls they leave out. A supervisor checking that
// every call reached LeadSquared counts the account's calls; calls logged with the
// built-in sandbox never go there, so counting them as delivered (or failed) would
// hide a gap, and leaving them out without a word would look like calls gone missing.
import { TestTag } from '../../app/TestTag';
import { formatNumber } from './format';

export function TestCallsNote({ count }: { count: number }) {
  if (count === 0) return null;
  return (
    <p className="hint" data-testid="test-calls-note">
      Not counted above: {formatNumber(count)} <TestTag entry={{ test: true }} /> call{count === 1 ? '' : 's'} logged with the built-in sandbox on
      this day (never sent to LeadSquared).
    </p>
  );
}
