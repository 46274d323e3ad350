import type {
  AirflowApiVersion,
  AirflowDag,
  AirflowDagRun,
  AirflowLogChunk,
  AirflowTaskInstance,
} from '@airflow-portal/plugin-airflow-common';
import type { UpstreamRequest } from '../transport/types';
import type {
  ListDagsRequest,
  PageRequest,
  TriggerDagRunRequest,
} from './AirflowApiAdapter';
import type { JsonObject } from './readers';
import type { RunActionDialect } from './runActionTypes';
import type { UiLinks } from './uiLinks';

/** What differs between /api/v1 and /api/v2 for the calls the adapters make. */
export interface ApiDialect {
  apiVersion: AirflowApiVersion;
  healthPath: string;
  /** Newest-first ordering of DAG runs (v2 `-run_after`, v1 `-execution_date`). */
  runsOrderBy: string;
  listDagsQuery(request: ListDagsRequest): UpstreamRequest['query'];
  /** Body of `POST /dags/~/dagRuns/~/taskInstances/list` for one run. */
  taskInstancesBatchBody(
    dagId: string,
    runId: string,
    page: PageRequest,
  ): Record<string, unknown>;
  /** Body of `POST /dags/{dag_id}/dagRuns` (v2 `TriggerDAGRunPostBody`, v1 `DAGRun`). */
  triggerBody(request: TriggerDagRunRequest): Record<string, unknown>;
  mapDag(
    dag: JsonObject,
    environment: string,
    links: UiLinks,
  ): AirflowDag | undefined;
  mapRun(
    run: JsonObject,
    environment: string,
    links: UiLinks,
  ): AirflowDagRun | undefined;
  mapTaskInstance(
    ti: JsonObject,
    environment: string,
    fallback: { dagId: string; runId: string },
    links: UiLinks,
  ): AirflowTaskInstance | undefined;
  mapLogChunk(body: unknown, environment: string): AirflowLogChunk;
  /** Paths and bodies of clear, mark state and notes. */
  runActions: RunActionDialect;
}
