import { hashString } from '../util/prng';
import { SECOND } from '../util/time';
import { AirflowStore } from '../state/store';
import { intervalOf, tickAtOrBefore } from '../state/schedules';
import { DagDef, RunRecord } from '../state/types';

export const DAGS_FOLDER = '/opt/airflow/dags';
export const BUNDLE_NAME = 'dags-folder';

/** Parse times advance with the clock: each DAG file is re-parsed every 30 s, staggered per DAG. */
export function lastParsedTime(store: AirflowStore, dag: DagDef): number {
  const now = store.now();
  const phase = (hashString(dag.dagId) % 30) * SECOND;
  return (
    now - ((((now - phase) % (30 * SECOND)) + 30 * SECOND) % (30 * SECOND))
  );
}

export interface NextRun {
  logicalDate: number | null;
  intervalStart: number | null;
  intervalEnd: number | null;
  runAfter: number | null;
}

/** Next scheduled run, with Airflow 2 (interval) or Airflow 3 (trigger) timetable semantics. */
export function nextRun(store: AirflowStore, dag: DagDef): NextRun {
  const interval = intervalOf(dag.schedule);
  const tick = tickAtOrBefore(dag.schedule, store.now());
  if (interval === null || tick === null) {
    return {
      logicalDate: null,
      intervalStart: null,
      intervalEnd: null,
      runAfter: null,
    };
  }
  const next = tick + interval;
  if (store.flavor === 'airflow2') {
    return {
      logicalDate: tick,
      intervalStart: tick,
      intervalEnd: next,
      runAfter: next,
    };
  }
  return {
    logicalDate: next,
    intervalStart: next,
    intervalEnd: next,
    runAfter: next,
  };
}

export function fileToken(store: AirflowStore, dag: DagDef): string {
  return store.signer.dumps(`${DAGS_FOLDER}/${dag.relativeFileloc}`);
}

export function runDuration(
  start: number | null,
  end: number | null,
): number | null {
  return start !== null && end !== null ? (end - start) / 1000 : null;
}

export function dagVersionId(store: AirflowStore, dag: DagDef): string {
  const h = hashString(`${store.seed}:${dag.dagId}:version`)
    .toString(16)
    .padStart(8, '0');
  const h2 = hashString(`${dag.dagId}:${store.seed}`)
    .toString(16)
    .padStart(8, '0');
  return `${h}-${h2.slice(0, 4)}-4${h2.slice(4, 7)}-8${h.slice(
    1,
    4,
  )}-${h2}${h.slice(0, 4)}`;
}

/** Value of a run field for ordering/filters. */
export function runField(store: AirflowStore, run: RunRecord, field: string) {
  const view = store.viewRun(run);
  switch (field) {
    case 'id':
      return run.id;
    case 'state':
      return view.state;
    case 'dag_id':
      return run.dagId;
    case 'run_id':
    case 'dag_run_id':
      return run.runId;
    case 'logical_date':
    case 'execution_date':
      return run.logicalDate;
    case 'run_after':
      return run.runAfter;
    case 'start_date':
      return view.startDate;
    case 'end_date':
      return view.endDate;
    case 'updated_at':
      return view.updatedAt;
    case 'conf':
      return JSON.stringify(run.conf);
    case 'duration':
      return runDuration(view.startDate, view.endDate);
    default:
      return undefined;
  }
}
