// Start, duration and end describe one interval, so editing one moves another:
//  - editing duration moves the end time (start stays),
//  - editing the end time updates the duration,
//  - editing the start time keeps the duration and moves the end.
// Until the agent touches a time, the form is in "just ended" mode: the end
// follows the clock and a typed duration counts back from it, so an agent who
// logs right after hangup types only the duration (the end is "now" when the
// call is logged, not when the form was last cleared, which may be an hour ago).
import { useCallback, useEffect, useRef, useState } from 'react';
import type { UseFormReturn } from 'react-hook-form';
import type { CallInput } from '../../../shared/call-log';
import type { CallFormValues } from './form-schema';
import { localToMs, msToLocal, nowMs, parseDuration } from './local-time';

type Form = UseFormReturn<CallFormValues, unknown, CallInput>;
type TimeField = 'startTime' | 'endTime' | 'durationSeconds';
const TIME_FIELDS: TimeField[] = ['startTime', 'endTime', 'durationSeconds'];

export interface CallTimes {
  /** True while the end time follows the clock. */
  followsClock: boolean;
  /** The same, read now (for cleanup code that outlives a render). */
  isFollowing(): boolean;
  onDurationInput(text: string): void;
  onDurationBlur(text: string): void;
  onStartInput(value: string): void;
  onEndInput(value: string): void;
  /** In "just ended" mode, moves the end to now (and the start with it); call before submitting. */
  catchUp(): void;
  /** After the form is cleared: follow the clock again. */
  restart(followsClock?: boolean): void;
}

export function useCallTimes(form: Form, ids: { start: string; end: string }, initialFollowsClock: boolean): CallTimes {
  const [followsClock, setFollowsClock] = useState(initialFollowsClock);
  const follows = useRef(initialFollowsClock);

  const setFollow = useCallback((on: boolean) => {
    follows.current = on;
    setFollowsClock(on);
  }, []);

  const put = useCallback(
    (name: TimeField, value: string) => {
      form.setValue(name, value);
    },
    [form],
  );

  // Once the agent has tried to submit, errors track edits across all three
  // fields: fixing the start can clear "End time is before start time".
  const recheck = useCallback(() => {
    if (form.formState.isSubmitted) void form.trigger(TIME_FIELDS);
  }, [form]);

  const catchUp = useCallback(() => {
    if (!follows.current) return;
    const end = nowMs();
    const secs = parseDuration(form.getValues('durationSeconds')) ?? 0;
    put('endTime', msToLocal(end));
    put('startTime', msToLocal(end - secs * 1000));
  }, [form, put]);

  const onDurationInput = useCallback(
    (text: string) => {
      const secs = parseDuration(text);
      if (secs !== null) {
        if (follows.current) {
          const end = localToMs(form.getValues('endTime')) ?? nowMs();
          put('startTime', msToLocal(end - secs * 1000));
        } else {
          const start = localToMs(form.getValues('startTime'));
          if (start !== null) put('endTime', msToLocal(start + secs * 1000));
        }
      }
      recheck();
    },
    [form, put, recheck],
  );

  const onDurationBlur = useCallback(
    (text: string) => {
      // Show what will be sent: 2:05 becomes 125.
      const secs = parseDuration(text);
      if (secs !== null && String(secs) !== text.trim()) put('durationSeconds', String(secs));
    },
    [put],
  );

  const onStartInput = useCallback(
    (value: string) => {
      setFollow(false);
      const start = localToMs(value);
      const secs = parseDuration(form.getValues('durationSeconds'));
      if (start !== null && secs !== null) put('endTime', msToLocal(start + secs * 1000));
      recheck();
    },
    [form, put, recheck, setFollow],
  );

  const onEndInput = useCallback(
    (value: string) => {
      setFollow(false);
      const end = localToMs(value);
      const start = localToMs(form.getValues('startTime'));
      // An end before the start is left for validation to name, not "fixed" silently.
      if (end !== null && start !== null && end >= start) put('durationSeconds', String((end - start) / 1000));
      recheck();
    },
    [form, put, recheck, setFollow],
  );

  const restart = useCallback((on = true) => setFollow(on), [setFollow]);

  // The clock: once a second while following, except while the agent is in a
  // time field (a value changing under the caret would eat their typing).
  useEffect(() => {
    if (!followsClock) return;
    const tick = () => {
      if (document.hidden) return;
      const active = document.activeElement?.id;
      if (active === ids.start || active === ids.end) return;
      catchUp();
    };
    tick();
    const timer = window.setInterval(tick, 1000);
    return () => window.clearInterval(timer);
  }, [followsClock, catchUp, ids.start, ids.end]);

  const isFollowing = useCallback(() => follows.current, []);

  return { followsClock, isFollowing, onDurationInput, onDurationBlur, onStartInput, onEndInput, catchUp, restart };
}
