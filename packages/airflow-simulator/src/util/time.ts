/** Airflow 3 (pydantic) renders aware datetimes as `2025-01-01T02:00:00.123456Z`. */
export function isoV2(ms: number | null | undefined): string | null {
  if (ms === null || ms === undefined) return null;
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** Airflow 2 (marshmallow) renders `2025-01-01T02:00:00.123456+00:00`. */
export function isoV1(ms: number | null | undefined): string | null {
  if (ms === null || ms === undefined) return null;
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000+00:00');
}

/** Run ids use the timestamp without fractional seconds: `manual__2025-01-01T02:00:00+00:00`. */
export function runIdStamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

/** Parses an ISO-8601 timestamp that must carry a timezone (Airflow rejects naive datetimes). */
export function parseAwareDate(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  if (
    !/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(
      value,
    )
  ) {
    return undefined;
  }
  const ms = Date.parse(value.replace(' ', 'T'));
  return Number.isNaN(ms) ? undefined : ms;
}

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
