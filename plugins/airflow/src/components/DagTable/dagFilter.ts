import type {
  AirflowDagWithRuns,
  DagRunState,
} from '@airflow-portal/plugin-airflow-common';

/** What the DAG list is narrowed to; empty values mean "any". */
export interface DagFilter {
  text: string;
  environment: string;
  /** State of the newest run, or `none` for DAGs that never ran. */
  latestRun: DagRunState | 'none' | '';
  tag: string;
  paused: 'paused' | 'active' | '';
}

export const emptyDagFilter: DagFilter = {
  text: '',
  environment: '',
  latestRun: '',
  tag: '',
  paused: '',
};

export function latestRunState(
  dag: AirflowDagWithRuns,
): DagRunState | undefined {
  return dag.latestRuns[0]?.state;
}

/** A DAG needs attention when its newest run failed or its file does not import. */
export function isFailing(dag: AirflowDagWithRuns): boolean {
  return latestRunState(dag) === 'failed' || dag.hasImportErrors;
}

/** Failing DAGs first, then running or queued ones, then the rest; by name within each. */
export function compareFailingFirst(
  a: AirflowDagWithRuns,
  b: AirflowDagWithRuns,
): number {
  return attentionRank(a) - attentionRank(b) || compareByName(a, b);
}

function attentionRank(dag: AirflowDagWithRuns): number {
  if (isFailing(dag)) {
    return 0;
  }
  const state = latestRunState(dag);
  return state === 'running' || state === 'queued' ? 1 : 2;
}

function compareByName(a: AirflowDagWithRuns, b: AirflowDagWithRuns) {
  return (
    a.displayName.localeCompare(b.displayName) ||
    a.environment.localeCompare(b.environment)
  );
}

export function matchesDagFilter(
  dag: AirflowDagWithRuns,
  filter: DagFilter,
): boolean {
  const text = filter.text.trim().toLocaleLowerCase();
  if (text) {
    const haystack = [
      dag.dagId,
      dag.displayName,
      dag.description ?? '',
      ...dag.tags,
      ...dag.owners,
    ]
      .join('\n')
      .toLocaleLowerCase();
    if (!haystack.includes(text)) {
      return false;
    }
  }
  if (filter.environment && dag.environment !== filter.environment) {
    return false;
  }
  if (
    filter.latestRun &&
    (latestRunState(dag) ?? 'none') !== filter.latestRun
  ) {
    return false;
  }
  if (filter.tag && !dag.tags.includes(filter.tag)) {
    return false;
  }
  if (filter.paused && dag.isPaused !== (filter.paused === 'paused')) {
    return false;
  }
  return true;
}

export function distinctTags(dags: AirflowDagWithRuns[]): string[] {
  return Array.from(new Set(dags.flatMap(dag => dag.tags))).sort();
}

export interface DagsOfEntity {
  /** Absent for DAGs the backend bound to none of the team's entities. */
  entityRef?: string;
  dags: AirflowDagWithRuns[];
  failing: number;
}

/**
 * Splits a team's DAGs by the entity they are bound to (a DAG bound to two of
 * the team's components shows under both). Entities with failing DAGs first.
 */
export function groupDagsByEntity(dags: AirflowDagWithRuns[]): DagsOfEntity[] {
  const byEntity = new Map<string | undefined, AirflowDagWithRuns[]>();
  for (const dag of dags) {
    const refs = dag.boundEntityRefs.length ? dag.boundEntityRefs : [undefined];
    for (const ref of refs) {
      byEntity.set(ref, [...(byEntity.get(ref) ?? []), dag]);
    }
  }
  return Array.from(byEntity, ([entityRef, entityDags]) => ({
    entityRef,
    dags: [...entityDags].sort(compareFailingFirst),
    failing: entityDags.filter(isFailing).length,
  })).sort(
    (a, b) =>
      b.failing - a.failing ||
      Number(!a.entityRef) - Number(!b.entityRef) ||
      (a.entityRef ?? '').localeCompare(b.entityRef ?? ''),
  );
}
