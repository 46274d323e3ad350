/**
 * A `datetime-local` value (no zone, meant in the user's zone) as ISO 8601 in
 * UTC, which Airflow needs: a timestamp without zone is rejected. Undefined when
 * the value is not a date.
 */
export function fromLocalInput(value: string): string | undefined {
  const time = new Date(value).getTime();
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}
