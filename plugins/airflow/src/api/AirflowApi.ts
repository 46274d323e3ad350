import type {
  AirflowAuditAction,
  AirflowAuditOutcome,
  AirflowAuditPage,
  AirflowDag,
  AirflowDagDetails,
  AirflowDagGrid,
  AirflowDagRun,
  AirflowDagVersionsResponse,
  AirflowEnvironmentStatus,
  AirflowEventLogEntry,
  AirflowImportErrorPage,
  AirflowLogChunk,
  AirflowPage,
  AirflowTaskInstance,
  DagRunState,
  EntityDagsResponse,
  EnvironmentsResponse,
  TriggerDagRunRequest,
} from '@airflow-portal/plugin-airflow-common';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import { createApiRef } from '@backstage/frontend-plugin-api';

/**
 * Paging of a collection route; the backend applies its own defaults when omitted.
 *
 * @public
 */
export interface AirflowPageRequest {
  limit?: number;
  offset?: number;
}

/**
 * Identifies one DAG of an entity: the backend only serves DAGs bound to that entity.
 *
 * @public
 */
export interface AirflowEntityDagRef {
  /** The entity as `kind:namespace/name` or its parts. */
  entityRef: string | CompoundEntityRef;
  environment: string;
  dagId: string;
}

/** @public */
export interface AirflowDagRunsRequest
  extends AirflowEntityDagRef,
    AirflowPageRequest {
  state?: DagRunState;
}

/** @public */
export interface AirflowTaskInstancesRequest extends AirflowEntityDagRef {
  runId: string;
}

/** @public */
export interface AirflowTaskLogRequest extends AirflowTaskInstancesRequest {
  taskId: string;
  tryNumber: number;
  mapIndex?: number;
  /** The `continuationToken` of the previous chunk. */
  token?: string;
}

/**
 * Filters of the audit route; every one optional, combined with AND.
 *
 * @public
 */
export interface AirflowAuditQuery {
  /** User entity ref of who acted. */
  actor?: string;
  environment?: string;
  dagId?: string;
  entityRef?: string;
  action?: AirflowAuditAction;
  outcome?: AirflowAuditOutcome;
  /** ISO 8601; records created at or after. */
  from?: string;
  /** ISO 8601; records created before. */
  to?: string;
  /** `nextCursor` of the previous page. */
  cursor?: string;
  limit?: number;
}

/**
 * Client of the Airflow backend plugin (`/api/airflow`).
 *
 * @public
 */
export interface AirflowApi {
  /** Every configured environment with its live status. */
  listEnvironments(): Promise<EnvironmentsResponse>;
  getEnvironment(environment: string): Promise<AirflowEnvironmentStatus>;
  listImportErrors(
    environment: string,
    page?: AirflowPageRequest,
  ): Promise<AirflowImportErrorPage>;
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
  /** The DAG with its params (JSON schema per param), for the trigger form. */
  getDagDetails(dag: AirflowEntityDagRef): Promise<AirflowDagDetails>;
  /** Starts a run; the same `requestId` again answers the same run. */
  triggerDagRun(
    dag: AirflowEntityDagRef,
    request: TriggerDagRunRequest,
  ): Promise<AirflowDagRun>;
  setDagPaused(
    dag: AirflowEntityDagRef,
    isPaused: boolean,
  ): Promise<AirflowDag>;
  /** Audit records of Airflow actions, newest first. */
  listAuditRecords(query?: AirflowAuditQuery): Promise<AirflowAuditPage>;
  /** The DAG's `runs` newest runs and their task instances (Airflow's grid). */
  getDagGrid(dag: AirflowEntityDagRef, runs?: number): Promise<AirflowDagGrid>;
  /** The DAG's versions, newest first; `supported: false` on Airflow 2. */
  listDagVersions(
    dag: AirflowEntityDagRef,
    page?: AirflowPageRequest,
  ): Promise<AirflowDagVersionsResponse>;
  /** Airflow's own event log of the DAG, newest first. */
  listDagEventLog(
    dag: AirflowEntityDagRef,
    page?: AirflowPageRequest,
  ): Promise<AirflowPage<AirflowEventLogEntry>>;
}

/** @public */
export const airflowApiRef = createApiRef<AirflowApi>().with({
  id: 'plugin.airflow.service',
  pluginId: 'airflow',
});
