export function SettingsPage(_props: { onOpenHistory?: () => void }) {
  return <h1>SettingsPage</h1>;
}
