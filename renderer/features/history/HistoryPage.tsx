export function HistoryPage(_props: { onOpenHistory?: () => void }) {
  return <h1>HistoryPage</h1>;
}
