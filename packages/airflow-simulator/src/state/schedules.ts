import { DAY, HOUR, MINUTE } from '../util/time';
import { Schedule } from './types';

// 1970-01-01 was a Thursday; Monday is 4 days later.
const MONDAY_OFFSET = 4 * DAY;

function cron(
  expression: string,
  description: string,
  intervalMs: number,
  offsetMs: number,
  normalised?: string,
): Schedule {
  return {
    kind: 'cron',
    expression,
    cron: normalised ?? expression,
    description,
    intervalMs,
    offsetMs,
  };
}

export const schedules = {
  dailyAt: (hour: number): Schedule =>
    cron(
      `0 ${hour} * * *`,
      `At ${String(hour).padStart(2, '0')}:00`,
      DAY,
      hour * HOUR,
    ),
  daily: (): Schedule => cron('@daily', 'At 00:00', DAY, 0, '0 0 * * *'),
  hourly: (): Schedule =>
    cron('@hourly', 'At 0 minutes past the hour', HOUR, 0, '0 * * * *'),
  hourlyAt: (minute: number): Schedule =>
    cron(
      `${minute} * * * *`,
      `At ${minute} minutes past the hour`,
      HOUR,
      minute * MINUTE,
    ),
  everyMinutes: (n: number): Schedule =>
    cron(`*/${n} * * * *`, `Every ${n} minutes`, n * MINUTE, 0),
  weeklyMonday: (hour: number): Schedule =>
    cron(
      `0 ${hour} * * 1`,
      `At ${String(hour).padStart(2, '0')}:00, only on Monday`,
      7 * DAY,
      MONDAY_OFFSET + hour * HOUR,
    ),
  every: (ms: number): Schedule => ({ kind: 'timedelta', intervalMs: ms }),
  monthly: (): Schedule => ({
    kind: 'relativedelta',
    months: 1,
    intervalMs: 30 * DAY,
  }),
  none: (): Schedule => ({ kind: 'none' }),
};

export function intervalOf(schedule: Schedule): number | null {
  return schedule.kind === 'none' ? null : schedule.intervalMs;
}

/** Latest tick at or before `t` (cron-like alignment; timedeltas align to the epoch). */
export function tickAtOrBefore(schedule: Schedule, t: number): number | null {
  if (schedule.kind === 'none') return null;
  const offset = schedule.kind === 'cron' ? schedule.offsetMs : 0;
  return (
    Math.floor((t - offset) / schedule.intervalMs) * schedule.intervalMs +
    offset
  );
}

/** Python `str(timedelta)` rendering, e.g. `6:00:00` or `1 day, 0:00:00`. */
export function pyTimedelta(ms: number): string {
  const total = Math.floor(ms / 1000);
  const days = Math.floor(total / 86400);
  const rest = total % 86400;
  const h = Math.floor(rest / 3600);
  const m = Math.floor((rest % 3600) / 60);
  const s = rest % 60;
  const hms = `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(
    2,
    '0',
  )}`;
  if (days === 0) return hms;
  return `${days} day${days === 1 ? '' : 's'}, ${hms}`;
}

/** Airflow 3 `timetable_summary` / `timetable_description` for a schedule. */
export function timetableSummary(schedule: Schedule): {
  summary: string | null;
  description: string | null;
} {
  switch (schedule.kind) {
    case 'cron':
      return {
        summary: schedule.expression,
        description: schedule.description,
      };
    case 'timedelta':
      return { summary: pyTimedelta(schedule.intervalMs), description: '' };
    case 'relativedelta':
      return {
        summary: `relativedelta(months=+${schedule.months})`,
        description: '',
      };
    default:
      return { summary: null, description: 'Never, external triggers only' };
  }
}
