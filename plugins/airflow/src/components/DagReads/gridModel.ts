import type {
  AirflowDagGrid,
  AirflowDagRun,
  AirflowTaskInstance,
} from '@airflow-portal/plugin-airflow-common';

/** One row of the grid: a task (a mapped task's instances share a row). */
export interface GridRow {
  taskId: string;
  /** By run id: the task's instances in that run (several for a mapped task). */
  cells: Map<string, AirflowTaskInstance[]>;
}

export interface GridModel {
  /** Oldest first, as Airflow's grid reads left to right. */
  runs: AirflowDagRun[];
  rows: GridRow[];
}

/** Runs as columns (oldest left), tasks as rows in the order Airflow lists them. */
export function toGridModel(grid: AirflowDagGrid): GridModel {
  const rows = new Map<string, GridRow>();
  for (const ti of grid.taskInstances) {
    let row = rows.get(ti.taskId);
    if (!row) {
      row = { taskId: ti.taskId, cells: new Map() };
      rows.set(ti.taskId, row);
    }
    const cell = row.cells.get(ti.runId) ?? [];
    cell.push(ti);
    row.cells.set(ti.runId, cell);
  }
  return { runs: [...grid.runs].reverse(), rows: Array.from(rows.values()) };
}

/** The state a cell of a mapped task shows: the worst of its instances. */
const SEVERITY = [
  'failed',
  'upstream_failed',
  'up_for_retry',
  'running',
  'queued',
  'scheduled',
  'success',
  'skipped',
];

export function cellState(instances: AirflowTaskInstance[]): string | null {
  let best: string | null = null;
  let rank = Number.MAX_SAFE_INTEGER;
  for (const ti of instances) {
    const r = ti.state === null ? SEVERITY.length : SEVERITY.indexOf(ti.state);
    const at = r < 0 ? SEVERITY.length : r;
    if (at < rank) {
      rank = at;
      best = ti.state;
    }
  }
  return best;
}
