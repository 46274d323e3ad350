import { isObject, optNumber, optString } from './readers';

/*
 * Airflow 2's `schedule_interval` is a `ScheduleInterval` object discriminated
 * by `__type`: CronExpression {value}, TimeDelta {days, seconds, microseconds}
 * or RelativeDelta {years…microsecond}. It is null for unscheduled DAGs.
 */

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** Formats like Python's `str(timedelta)`, which is what Airflow 2's UI shows. */
function formatTimeDelta(
  days: number,
  seconds: number,
  micros: number,
): string {
  const clock = `${Math.floor(seconds / 3600)}:${pad(
    Math.floor((seconds % 3600) / 60),
  )}:${pad(seconds % 60)}${
    micros ? `.${String(micros).padStart(6, '0')}` : ''
  }`;
  if (!days) {
    return clock;
  }
  return `${days} day${Math.abs(days) === 1 ? '' : 's'}, ${clock}`;
}

const RELATIVE_FIELDS = [
  'years',
  'months',
  'days',
  'leapdays',
  'hours',
  'minutes',
  'seconds',
  'microseconds',
];
const ABSOLUTE_FIELDS = [
  'year',
  'month',
  'day',
  'hour',
  'minute',
  'second',
  'microsecond',
];

function formatRelativeDelta(value: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const field of RELATIVE_FIELDS) {
    const n = optNumber(value[field]);
    if (n) {
      parts.push(`${field}=${n > 0 ? '+' : ''}${n}`);
    }
  }
  for (const field of ABSOLUTE_FIELDS) {
    const n = optNumber(value[field]);
    if (n !== undefined) {
      parts.push(`${field}=${n}`);
    }
  }
  return `relativedelta(${parts.join(', ')})`;
}

export function describeScheduleInterval(value: unknown): string | undefined {
  if (typeof value === 'string') {
    return value;
  }
  if (!isObject(value)) {
    return undefined;
  }
  switch (value.__type) {
    case 'CronExpression':
      return optString(value.value);
    case 'TimeDelta':
      return formatTimeDelta(
        optNumber(value.days) ?? 0,
        optNumber(value.seconds) ?? 0,
        optNumber(value.microseconds) ?? 0,
      );
    case 'RelativeDelta':
      return formatRelativeDelta(value);
    default:
      return optString(value.value);
  }
}
