// Settings: where calls go (sandbox or LeadSquared), the write-only API key,
// the agent's defaults and what the Log call form offers.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { call } from '../../bridge';
import { keys } from '../../app/query';
import { SettingsForm } from './SettingsForm';
import './settings.css';
import { LoadError } from '../../app/LoadError';
import { DiagnosticsSection } from './DiagnosticsSection';
import { ManagedNotice } from './managed';
import { MoveSection } from './MoveSection';

export function SettingsPage(_props: { onOpenHistory?: () => void }) {
  const settings = useQuery({ queryKey: keys.settings, queryFn: () => call('getSettings') });
  const policy = useQuery({ queryKey: keys.policy, queryFn: () => call('getPolicy') });
  // Bumped when an import replaced settings underneath the form: it starts again from them.
  const [generation, setGeneration] = useState(0);
  return (
    <section className="settings" aria-labelledby="settings-title">
      <h1 id="settings-title">Settings</h1>
      <ManagedNotice policy={policy.data} />
      {settings.data && !policy.isPending ? (
        // Keyed by nothing that changes while open (but an import): a save updates
        // the cache, and the form resets itself from what main answered.
        <SettingsForm key={generation} settings={settings.data} policy={policy.data} />
      ) : settings.isError ? (
        <LoadError what="Settings could not be read" error={settings.error} onRetry={() => void settings.refetch()} />
      ) : (
        <p className="hint">Loading…</p>
      )}
      <MoveSection onImported={() => setGeneration((g) => g + 1)} />
      <DiagnosticsSection />
    </section>
  );
}
