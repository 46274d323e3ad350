import type { AirflowDagWithRuns } from '@airflow-portal/plugin-airflow-common';

/** What a row or the detail asks the host to open for a DAG. */
export interface DagActionRequest {
  kind: 'details' | 'trigger' | 'pause';
  dag: AirflowDagWithRuns;
  /** The entity whose routes and permissions the action goes through. */
  entityRef: string;
  /** Run to show selected in the detail, e.g. the one just triggered. */
  highlightRunId?: string;
}

export type OpenDagAction = (request: DagActionRequest) => void;

export function dagKey(dag: { environment: string; dagId: string }): string {
  return `${dag.environment}/${dag.dagId}`;
}

export function isTerminal(state: string | null | undefined): boolean {
  return state === 'success' || state === 'failed';
}
