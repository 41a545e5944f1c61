// "Export CSV": the calls the History filters show, with what was sent plus
// RequestID, state, StatusReason and when each state was reached. In the team's
// history, every agent's calls that match, and which desktop logged each.
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { call } from '../../bridge';
import { todayLocal } from '../../app/days';
import { formatCount, type ListFilters } from '../history/filters';
import { saveCsv } from './download';

export function ExportButton({ filters, team = false }: { filters: ListFilters; team?: boolean }) {
  const [notice, setNotice] = useState<{ text: string; error?: boolean } | null>(null);
  const exp = useMutation({
    mutationFn: () => (team ? call('exportTeamCsv', filters) : call('exportCsv', filters)),
    onSuccess: ({ csv, rows }) => {
      if (rows === 0) return setNotice({ text: 'No calls match the filters: nothing to export.' });
      // A filtered file says so in its name and in the notice: it is not the whole history.
      const filtered = Object.keys(filters).length > 0;
      saveCsv(`${team ? 'team-call-logs' : 'call-logs'}-${todayLocal()}${filtered ? '-filtered' : ''}.csv`, csv);
      setNotice({ text: `Exported ${formatCount(rows)}${filtered ? ', those the filters show' : ''}.` });
    },
    onError: (err) => setNotice({ text: `Export failed: ${err.message}`, error: true }),
  });
  return (
    <>
      {/* Never disabled while pending (a disabled button drops keyboard focus): a repeat press is ignored. */}
      <button
        type="button"
        className="button"
        aria-disabled={exp.isPending}
        title={team ? 'Save the team’s calls the filters show as a CSV file' : 'Save the calls the filters show as a CSV file'}
        onClick={() => {
          if (exp.isPending) return;
          setNotice(null);
          exp.mutate();
        }}
      >
        {exp.isPending ? 'Exporting…' : 'Export CSV'}
      </button>
      <span role="status" className={notice?.error ? 'field-error tools-notice' : 'tools-notice'}>
        {notice?.text}
      </span>
    </>
  );
}
