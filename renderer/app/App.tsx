import { QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense, useCallback, useEffect, useRef, useState, useTransition } from 'react';
import { call } from '../bridge';
import type { Page } from '../../shared/ipc-names';
import { LogCallPage } from '../features/log-call/LogCallPage';
import { ConnectionBanner } from './ConnectionBanner';
import { keys, queryClient, useLiveEntries, useLiveTeam, viewScopeQuery } from './query';
import { FailedCallsIndicator } from './FailedCallsIndicator';

// Log call is the first page and ships in the entry chunk; the others are
// fetched while the agent looks at it (see preloadPages), so a later switch
// finds them loaded, and a switch that is quicker still keeps the current page
// on screen until the next is ready (a transition), never a blank one.
const loaders = {
  history: () => import('../features/history/HistoryPage').then((m) => ({ default: m.HistoryPage })),
  settings: () => import('../features/settings/SettingsPage').then((m) => ({ default: m.SettingsPage })),
  dashboard: () => import('../features/dashboard/DashboardPage').then((m) => ({ default: m.DashboardPage })),
};
const HistoryPage = lazy(loaders.history);
const SettingsPage = lazy(loaders.settings);
const DashboardPage = lazy(loaders.dashboard);

function preloadPages(): void {
  const load = () => {
    Object.values(loaders).forEach((l) => void l().catch(() => undefined));
    // History and the Dashboard open in the scope last chosen: known before either is opened.
    void queryClient.prefetchQuery(viewScopeQuery);
  };
  if ('requestIdleCallback' in window) window.requestIdleCallback(load, { timeout: 2000 });
  else setTimeout(load, 200);
}

// Alt+1..4 in this order. Dashboard is last: supervisors use it, agents live on the first two.
const PAGES: { id: Page; label: string; shortcut: string }[] = [
  { id: 'log-call', label: 'Log call', shortcut: 'Alt+1' },
  { id: 'history', label: 'History', shortcut: 'Alt+2' },
  { id: 'settings', label: 'Settings', shortcut: 'Alt+3' },
  { id: 'dashboard', label: 'Dashboard', shortcut: 'Alt+4' },
];

function Shell() {
  const [page, setPageNow] = useState<Page>('log-call');
  const [, startTransition] = useTransition();
  const setPage = useCallback((p: Page) => startTransition(() => setPageNow(p)), []);
  useLiveEntries();
  useLiveTeam();
  const go = setPage;
  useEffect(preloadPages, []);

  // Alt+1..4 and the menu switch pages under the keyboard: what had focus went with the old page,
  // and the next Tab would start over from the top. It lands on the page's button, as a click
  // leaves it (from another page's button too), unless the new page put it somewhere (Log call,
  // on the lead's number). Not at start.
  const navRef = useRef<HTMLElement>(null);
  const firstPage = useRef(true);
  useEffect(() => {
    if (firstPage.current) {
      firstPage.current = false;
      return;
    }
    const active = document.activeElement;
    if (!active || active === document.body || navRef.current?.contains(active)) navRef.current?.querySelector<HTMLElement>('[aria-current="page"]')?.focus();
  }, [page]);

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
  }, [setPage]);

  return (
    <div className="app">
      <header className="topbar">
        <span className="brand">Call Log</span>
        <nav ref={navRef} aria-label="Main">
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
          <FailedCallsIndicator onOpenHistory={() => go('history')} />
        </nav>
      </header>
      <ConnectionBanner />
      <main className="content">
        <Suspense fallback={null}>
          {page === 'log-call' && <LogCallPage onOpenHistory={() => go('history')} onOpenSettings={() => go('settings')} />}
          {page === 'history' && <HistoryPage />}
          {page === 'settings' && <SettingsPage />}
          {page === 'dashboard' && <DashboardPage onOpenHistory={() => go('history')} />}
        </Suspense>
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
