import type { AirflowDagWithRuns } from '@airflow-portal/plugin-airflow-common';
import { compareFailingFirst } from './dagFilter';

export type DagSortKey =
  | 'attention'
  | 'name'
  | 'environment'
  | 'owners'
  | 'schedule'
  | 'nextRun';

export interface DagSort {
  key: DagSortKey;
  direction: 'asc' | 'desc';
}

export const defaultDagSort: DagSort = { key: 'attention', direction: 'asc' };

export function nextRunOf(dag: AirflowDagWithRuns): string | undefined {
  return dag.nextRunAfter ?? dag.nextRunLogicalDate;
}

function timeOf(iso?: string): number {
  const time = iso ? Date.parse(iso) : NaN;
  // DAGs without a next run sort after every scheduled one.
  return Number.isNaN(time) ? Number.MAX_SAFE_INTEGER : time;
}

const comparators: Record<
  DagSortKey,
  (a: AirflowDagWithRuns, b: AirflowDagWithRuns) => number
> = {
  attention: compareFailingFirst,
  name: (a, b) => a.displayName.localeCompare(b.displayName),
  environment: (a, b) => a.environment.localeCompare(b.environment),
  owners: (a, b) => a.owners.join(',').localeCompare(b.owners.join(',')),
  schedule: (a, b) => (a.schedule ?? '').localeCompare(b.schedule ?? ''),
  nextRun: (a, b) => timeOf(nextRunOf(a)) - timeOf(nextRunOf(b)),
};

/** A sorted copy; ties fall back to failing-first so the order is stable. */
export function sortDags(
  dags: AirflowDagWithRuns[],
  sort: DagSort,
): AirflowDagWithRuns[] {
  const compare = comparators[sort.key];
  const sign = sort.direction === 'asc' ? 1 : -1;
  return [...dags].sort(
    (a, b) => sign * compare(a, b) || compareFailingFirst(a, b),
  );
}
