import type { AirflowEnvironmentStatus } from '@airflow-portal/plugin-airflow-common';
import { formatDateTime, formatRelative } from '../display/formatting';

/**
 * How current a status is, in words: "last checked 40 s ago, unreachable
 * since …" for an environment that stopped answering, so an old verdict is
 * never read as a live one.
 */
export function freshnessText(
  status: AirflowEnvironmentStatus,
  now: number = Date.now(),
): string {
  const parts = [`last checked ${formatRelative(status.checkedAt, now)}`];
  if (status.unreachableSince) {
    parts.push(`unreachable since ${formatDateTime(status.unreachableSince)}`);
  }
  if (status.status === 'unreachable' && status.lastSuccessAt) {
    parts.push(`last answered ${formatRelative(status.lastSuccessAt, now)}`);
  }
  if (status.stale) {
    parts.push('the details shown are the last known');
  }
  return parts.join(', ');
}
