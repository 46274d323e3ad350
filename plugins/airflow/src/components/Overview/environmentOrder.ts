import type { AirflowEnvironmentStatus } from '@airflow-portal/plugin-airflow-common';

/** Lower is worse: an unreachable environment is what an operator looks for first. */
const statusRank = { unreachable: 0, degraded: 1, healthy: 2 } as const;

export type EnvironmentColumn =
  | 'status'
  | 'environment'
  | 'version'
  | 'transport'
  | 'failed'
  | 'running'
  | 'importErrors'
  | 'checkedAt'
  | 'missingDags';

export type SortDirection = 'asc' | 'desc';

export interface EnvironmentSort {
  column: EnvironmentColumn;
  direction: SortDirection;
}

/** "worst first": status ascending puts unreachable, then degraded, on top. */
export const worstFirst: EnvironmentSort = {
  column: 'status',
  direction: 'asc',
};

/** Unknown counts sort as if they were zero, so they never hide a real problem. */
const failed = (e: AirflowEnvironmentStatus) => e.runCounts24h?.failed ?? 0;
const running = (e: AirflowEnvironmentStatus) => e.runCounts24h?.running ?? 0;
const importErrors = (e: AirflowEnvironmentStatus) => e.importErrorCount ?? 0;
const missingDags = (e: AirflowEnvironmentStatus) => e.missingDagCount ?? 0;

/**
 * Between two environments of the same status, the one with more failed runs,
 * then more import errors, is worse; the title decides the rest, so the order
 * is the same on every refresh.
 */
function compareSeverity(
  a: AirflowEnvironmentStatus,
  b: AirflowEnvironmentStatus,
): number {
  return (
    statusRank[a.status] - statusRank[b.status] ||
    failed(b) - failed(a) ||
    importErrors(b) - importErrors(a) ||
    a.title.localeCompare(b.title)
  );
}

const compareBy: Record<
  EnvironmentColumn,
  (a: AirflowEnvironmentStatus, b: AirflowEnvironmentStatus) => number
> = {
  status: compareSeverity,
  environment: (a, b) => a.title.localeCompare(b.title),
  version: (a, b) =>
    (a.version ?? '').localeCompare(b.version ?? '', undefined, {
      numeric: true,
    }),
  transport: (a, b) => a.transport.localeCompare(b.transport),
  failed: (a, b) => failed(a) - failed(b),
  running: (a, b) => running(a) - running(b),
  importErrors: (a, b) => importErrors(a) - importErrors(b),
  checkedAt: (a, b) => Date.parse(a.checkedAt) - Date.parse(b.checkedAt),
  missingDags: (a, b) => missingDags(a) - missingDags(b),
};

/** A sorted copy; ties in any column fall back to worst first. */
export function sortEnvironments(
  environments: AirflowEnvironmentStatus[],
  sort: EnvironmentSort,
): AirflowEnvironmentStatus[] {
  const sign = sort.direction === 'asc' ? 1 : -1;
  return [...environments].sort(
    (a, b) => sign * compareBy[sort.column](a, b) || compareSeverity(a, b),
  );
}
