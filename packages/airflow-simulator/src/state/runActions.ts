import {
  clearTasks,
  FAILED_STATES,
  interventionOf,
  markRun,
  markTasks,
} from './interventions';
import type { AirflowStore } from './store';
import type { RunRecord, TaskInstanceView, TiState } from './types';

export interface ClearSelection {
  /** Absent: every task of the run. */
  taskIds?: string[];
  onlyFailed: boolean;
  onlyRunning?: boolean;
  includeUpstream: boolean;
  includeDownstream: boolean;
}

/**
 * The task ids and, as the simulated DAGs are chains, their upstream (earlier)
 * or downstream (later) tasks (Airflow's `partial_subset`).
 */
function withRelatives(
  tis: TaskInstanceView[],
  taskIds: string[],
  upstream: boolean,
  downstream: boolean,
): TaskInstanceView[] {
  const indexes = taskIds
    .map(id => tis.findIndex(ti => ti.task.taskId === id))
    .filter(i => i >= 0);
  if (indexes.length === 0) return [];
  const first = Math.min(...indexes);
  const last = Math.max(...indexes);
  return tis.filter(
    (ti, i) =>
      taskIds.includes(ti.task.taskId) ||
      (upstream && i < last) ||
      (downstream && i > first),
  );
}

/** The task instances a clear of `run` affects, as they are now (a dry run's answer). */
export function selectForClear(
  store: AirflowStore,
  run: RunRecord,
  selection: ClearSelection,
): TaskInstanceView[] {
  const tis = store.taskInstances(run);
  const targets = selection.taskIds
    ? withRelatives(
        tis,
        selection.taskIds,
        selection.includeUpstream,
        selection.includeDownstream,
      )
    : tis;
  return targets.filter(ti => {
    if (selection.onlyFailed) return FAILED_STATES.includes(ti.state);
    if (selection.onlyRunning) return ti.state === 'running';
    return true;
  });
}

/** Clears what `selectForClear` selects; answers it as it was before. */
export function clear(
  store: AirflowStore,
  run: RunRecord,
  selection: ClearSelection,
): TaskInstanceView[] {
  const targets = selectForClear(store, run, selection);
  if (targets.length > 0) {
    clearTasks(run, targets, store.now(), store.runSpeed);
  }
  return targets;
}

/** The task instances a new state changes: the task and its chosen relatives not in that state already. */
export function selectForMark(
  store: AirflowStore,
  run: RunRecord,
  taskId: string,
  state: TiState,
  includeUpstream: boolean,
  includeDownstream: boolean,
): TaskInstanceView[] {
  return withRelatives(
    store.taskInstances(run),
    [taskId],
    includeUpstream,
    includeDownstream,
  ).filter(ti => ti.state !== state);
}

export function markTaskInstances(
  store: AirflowStore,
  targets: TaskInstanceView[],
  state: TiState,
): void {
  if (targets.length === 0) return;
  markTasks(targets[0].run, targets, state, store.now());
}

/** Airflow's `set_dag_run_state_to_*`; queued only sets the run's state (the scheduler takes it from there). */
export function markDagRun(
  store: AirflowStore,
  run: RunRecord,
  state: 'success' | 'failed' | 'queued',
): void {
  markRun(run, store.taskInstances(run), state, store.now());
}

export function setTaskNote(
  run: RunRecord,
  taskId: string,
  note: string | null,
): void {
  interventionOf(run).notes[taskId] = note;
}
