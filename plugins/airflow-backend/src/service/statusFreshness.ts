import type { AirflowEnvironmentStatus } from '@airflow-portal/plugin-airflow-common';
import type { UpstreamReachability } from '../transport/resilience/types';

const iso = (ms: number | undefined) =>
  ms === undefined ? undefined : new Date(ms).toISOString();

/**
 * A cached status, corrected by what the transport saw since: while the
 * environment's circuit breaker is open the status says `unreachable` and
 * `stale` (its health and counts are the last known), never the `healthy`
 * of a status read before the environment went down.
 */
export function withReachability(
  status: AirflowEnvironmentStatus,
  reach: UpstreamReachability | undefined,
): AirflowEnvironmentStatus {
  if (!reach) return status;
  const result: AirflowEnvironmentStatus = {
    ...status,
    lastSuccessAt: iso(reach.lastSuccessAt) ?? status.lastSuccessAt,
    unreachableSince: iso(reach.unreachableSince),
  };
  if (result.lastSuccessAt === undefined) delete result.lastSuccessAt;
  if (result.unreachableSince === undefined) delete result.unreachableSince;
  if (reach.circuit !== 'closed' && status.status !== 'unreachable') {
    result.status = 'unreachable';
    result.stale = true;
    result.error = {
      name: 'UpstreamError',
      message: `Airflow environment "${status.name}" is failing${
        reach.lastFailure ? `: ${reach.lastFailure}` : ''
      }`,
    };
  }
  return result;
}

/**
 * True when a cached `unreachable` status predates the environment's
 * recovery (a call succeeded after it was read): it is read again at once
 * rather than shown until its TTL ends.
 */
export function recoveredSince(
  status: AirflowEnvironmentStatus,
  reach: UpstreamReachability | undefined,
): boolean {
  return (
    status.status === 'unreachable' &&
    reach?.circuit === 'closed' &&
    reach.lastSuccessAt !== undefined &&
    reach.lastSuccessAt > Date.parse(status.checkedAt)
  );
}
