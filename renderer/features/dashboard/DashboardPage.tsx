// Dashboard, for supervisors: is LeadSquared's queue keeping up, did this
// computer's calls for a day get through, and how fast; with a team database,
// the same day for the whole floor ("Team"). Pick a day; today by default.
import { useId, useState } from 'react';
import { dayName, localDayBounds, todayLocal } from '../../app/days';
import { ScopeSwitch } from '../team/ScopeSwitch';
import { teamWords, useTeamScope } from '../team/scope';
import { DeliveryCharts } from './DeliveryCharts';
import { HealthPanel } from './HealthPanel';
import { TeamDashboard } from './TeamDashboard';
import type { HistoryFilters } from '../history/filters';
import { setHistoryFilters } from '../history/open-history';
import type { FailedCallsOfDay } from './failed-calls-link';
import './dashboard.css';

export function DashboardPage({ onOpenHistory }: { onOpenHistory(): void }) {
  const id = useId();
  const team = useTeamScope();
  const [today] = useState(todayLocal);
  // What the input shows (possibly half-typed), and the last complete day, which the data follows.
  const [dayText, setDayText] = useState(today);
  const [dayShown, setDayShown] = useState(today);
  const day = localDayBounds(dayShown)!;
  const dayLabel = dayShown === todayLocal() ? `today (${dayShown})` : dayShown;
  // The figures open History on the calls they count: those logged on the day shown.
  const failedCalls: FailedCallsOfDay = {
    day: dayShown,
    dayName: dayName(dayShown),
    // This computer's figures say whether they counted test calls (main decides, by the sandbox).
    withTestCalls: false,
    open(f: HistoryFilters) {
      setHistoryFilters(f);
      onOpenHistory();
    },
  };

  return (
    <section className="dashboard" aria-labelledby={`${id}-title`}>
      <div className="dashboard-head">
        <h1 id={`${id}-title`}>{team.scope === 'team' ? teamWords(team.info).dashboard : 'Dashboard'}</h1>
        <ScopeSwitch {...team} />
        <div className="field dashboard-day">
          <label htmlFor={`${id}-day`}>Day</label>
          <input
            id={`${id}-day`}
            type="date"
            value={dayText}
            max={todayLocal()}
            onChange={(e) => {
              setDayText(e.target.value);
              if (localDayBounds(e.target.value)) setDayShown(e.target.value);
            }}
          />
        </div>
      </div>
      {team.scope === 'team' ? (
        <TeamDashboard day={day} dayLabel={dayLabel} words={teamWords(team.info)} failedCalls={failedCalls} />
      ) : (
        <>
          <HealthPanel day={day} dayLabel={dayLabel} failedCalls={failedCalls} />
          <DeliveryCharts day={day} dayLabel={dayLabel} failedCalls={failedCalls} />
        </>
      )}
    </section>
  );
}
