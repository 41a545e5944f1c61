import { QueryClientProvider, useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useState } from 'react';
import { call } from '../bridge';
import type { Page } from '../../shared/ipc-names';
import { DashboardPage } from '../features/dashboard/DashboardPage';
import { HistoryPage } from '../features/history/HistoryPage';
import { LogCallPage } from '../features/log-call/LogCallPage';
import { SettingsPage } from '../features/settings/SettingsPage';
import { keys, queryClient, useLiveEntries } from './query';

// Alt+1..4 in this order. Dashboard is last: supervisors use it, agents live on the first two.
const PAGES: { id: Page; label: string; shortcut: string }[] = [
  { id: 'log-call', label: 'Log call', shortcut: 'Alt+1' },
  { id: 'history', label: 'History', shortcut: 'Alt+2' },
  { id: 'settings', label: 'Settings', shortcut: 'Alt+3' },
  { id: 'dashboard', label: 'Dashboard', shortcut: 'Alt+4' },
];

function SandboxBanner() {
  const conn = useQuery({
    queryKey: keys.connection,
    queryFn: () => call('getConnectionInfo'),
    // Entry changes refresh it; while sending is slowed, also look again now and then.
    refetchInterval: (q) => (q.state.data?.sending.message ? 5000 : false),
  });
  if (!conn.data) return null;
  if (conn.data.mode === 'sandbox') {
    return (
      <div className="banner banner-info" role="status">
        Sandbox mode: calls go to the built-in LeadSquared simulator, not your CRM. Turn off “Use sandbox” in Settings to log real calls.
      </div>
    );
  }
  if (!conn.data.ready && conn.data.reason) {
    return (
      <div className="banner banner-warn" role="alert">
        Calls are saved but not sent: {conn.data.reason}
      </div>
    );
  }
  if (conn.data.sending.message) {
    return (
      <div className="banner banner-info" role="status" data-testid="sending-pace">
        {conn.data.sending.message}
      </div>
    );
  }
  return null;
}

function Shell() {
  const [page, setPage] = useState<Page>('log-call');
  useLiveEntries();
  const go = useCallback((p: Page) => setPage(p), []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      const i = PAGES.findIndex((_, n) => e.key === String(n + 1));
      if (i >= 0) {
        e.preventDefault();
        setPage(PAGES[i]!.id);
      }
    };
    window.addEventListener('keydown', onKey);
    const offNav = window.callLog && 'onNavigate' in window.callLog ? (window.callLog as unknown as { onNavigate(l: (p: { page: Page }) => void): () => void }).onNavigate((p) => setPage(p.page)) : undefined;
    return () => {
      window.removeEventListener('keydown', onKey);
      offNav?.();
    };
  }, []);

  return (
    <div className="app">
      <header className="topbar">
        <span className="brand">Call Log</span>
        <nav aria-label="Main">
          {PAGES.map((p) => (
            <button
              key={p.id}
              type="button"
              className="nav-button"
              aria-current={page === p.id ? 'page' : undefined}
              title={`${p.label} (${p.shortcut})`}
              onClick={() => setPage(p.id)}
            >
              {p.label}
            </button>
          ))}
        </nav>
      </header>
      <SandboxBanner />
      <main className="content">
        {page === 'log-call' && <LogCallPage onOpenHistory={() => go('history')} onOpenSettings={() => go('settings')} />}
        {page === 'history' && <HistoryPage />}
        {page === 'settings' && <SettingsPage />}
        {page === 'dashboard' && <DashboardPage />}
      </main>
    </div>
  );
}

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <Shell />
    </QueryClientProvider>
  );
}
