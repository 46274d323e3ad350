const pad = (n: number) => String(n).padStart(2, '0');

/** An ISO timestamp as the value of a `datetime-local` input, in the user's zone. */
export function toLocalInput(iso: unknown): string {
  const time = typeof iso === 'string' ? Date.parse(iso) : NaN;
  if (Number.isNaN(time)) {
    return '';
  }
  const d = new Date(time);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(
    d.getHours(),
  )}:${pad(d.getMinutes())}`;
}

/**
 * A `datetime-local` value (no zone, meant in the user's zone) as ISO 8601 in
 * UTC, which Airflow needs: a timestamp without zone is rejected. Undefined when
 * the value is not a date.
 */
export function fromLocalInput(value: string): string | undefined {
  const time = new Date(value).getTime();
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}
