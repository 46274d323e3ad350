import type { AirflowApiVersion } from '@airflow-portal/plugin-airflow-common';

/** Deep links into the Airflow UI, whose routes differ between Airflow 2 and 3. */
export interface UiLinks {
  dag(dagId: string): string | undefined;
  run(dagId: string, runId: string): string | undefined;
  task(
    dagId: string,
    runId: string,
    taskId: string,
    mapIndex: number,
  ): string | undefined;
}

const enc = encodeURIComponent;

export function createUiLinks(
  apiVersion: AirflowApiVersion,
  uiUrl: string | undefined,
): UiLinks {
  if (!uiUrl) {
    return {
      dag: () => undefined,
      run: () => undefined,
      task: () => undefined,
    };
  }
  const base = uiUrl.replace(/\/+$/, '');
  if (apiVersion === 'v2') {
    // Airflow 3 UI: /dags/:dagId/runs/:runId/tasks/:taskId
    return {
      dag: dagId => `${base}/dags/${enc(dagId)}`,
      run: (dagId, runId) => `${base}/dags/${enc(dagId)}/runs/${enc(runId)}`,
      task: (dagId, runId, taskId) =>
        `${base}/dags/${enc(dagId)}/runs/${enc(runId)}/tasks/${enc(taskId)}`,
    };
  }
  // Airflow 2 UI: the grid view with the selection in the query string.
  return {
    dag: dagId => `${base}/dags/${enc(dagId)}/grid`,
    run: (dagId, runId) =>
      `${base}/dags/${enc(dagId)}/grid?dag_run_id=${enc(runId)}`,
    task: (dagId, runId, taskId, mapIndex) =>
      `${base}/dags/${enc(dagId)}/grid?dag_run_id=${enc(runId)}&task_id=${enc(
        taskId,
      )}${mapIndex >= 0 ? `&map_index=${mapIndex}` : ''}`,
  };
}
