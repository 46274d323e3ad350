import type {
  AirflowDagRun,
  AirflowEnvironmentStatus,
  AirflowImportError,
  AirflowLogChunk,
  AirflowPage,
  AirflowTaskInstance,
  DagRunState,
  EntityDagsResponse,
  EnvironmentsResponse,
} from '@airflow-portal/plugin-airflow-common';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import { createApiRef } from '@backstage/frontend-plugin-api';

/** Paging of a collection route; the backend applies its own defaults when omitted. */
export interface AirflowPageRequest {
  limit?: number;
  offset?: number;
}

/** Identifies one DAG of an entity: the backend only serves DAGs bound to that entity. */
export interface AirflowEntityDagRef {
  /** The entity as `kind:namespace/name` or its parts. */
  entityRef: string | CompoundEntityRef;
  environment: string;
  dagId: string;
}

export interface AirflowDagRunsRequest
  extends AirflowEntityDagRef,
    AirflowPageRequest {
  state?: DagRunState;
}

export interface AirflowTaskInstancesRequest extends AirflowEntityDagRef {
  runId: string;
}

export interface AirflowTaskLogRequest extends AirflowTaskInstancesRequest {
  taskId: string;
  tryNumber: number;
  mapIndex?: number;
  /** The `continuationToken` of the previous chunk. */
  token?: string;
}

/** Client of the Airflow backend plugin (`/api/airflow`). */
export interface AirflowApi {
  /** Every configured environment with its live status. */
  listEnvironments(): Promise<EnvironmentsResponse>;
  getEnvironment(environment: string): Promise<AirflowEnvironmentStatus>;
  listImportErrors(
    environment: string,
    page?: AirflowPageRequest,
  ): Promise<AirflowPage<AirflowImportError>>;
  /** DAGs bound to the entity (for a group: to what it owns), per environment, with their latest runs. */
  getEntityDags(
    entityRef: string | CompoundEntityRef,
  ): Promise<EntityDagsResponse>;
  /** Runs of one DAG, newest first. */
  listDagRuns(
    request: AirflowDagRunsRequest,
  ): Promise<AirflowPage<AirflowDagRun>>;
  listTaskInstances(
    request: AirflowTaskInstancesRequest,
  ): Promise<AirflowPage<AirflowTaskInstance>>;
  getTaskLog(request: AirflowTaskLogRequest): Promise<AirflowLogChunk>;
}

export const airflowApiRef = createApiRef<AirflowApi>().with({
  id: 'plugin.airflow.service',
  pluginId: 'airflow',
});
