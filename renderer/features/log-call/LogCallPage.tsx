export function LogCallPage(_props: { onOpenHistory?: () => void }) {
  return <h1>LogCallPage</h1>;
}
