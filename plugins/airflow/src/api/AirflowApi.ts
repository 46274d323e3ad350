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
  AirflowWebLogin,
  DagRunState,
  EntityDagsResponse,
  EnvironmentsResponse,
  TriggerDagRunRequest,
  AirflowApprovalAnswer,
  AirflowBackfill,
  ApprovalCountsResponse,
  BackfillAction,
  BackfillPreview,
  BackfillSpec,
  CreateBackfillRequest,
  EntityApprovalsResponse,
  RespondToApprovalRequest,
} from '@airflow-portal/plugin-airflow-common';
import type {
  AirflowRunActionPreview,
  AirflowRunActionResult,
  ClearTaskInstancesRequest,
  MarkDagRunRequest,
  MarkTaskInstanceRequest,
  RunActionRequestId,
  SetNoteRequest,
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
  /** Records whose origin starts with this, e.g. `plugin:scaffolder`. */
  origin?: string;
  /** `nextCursor` of the previous page. */
  cursor?: string;
  limit?: number;
}

/**
 * One task of one run of a DAG an entity binds.
 *
 * @public
 */
export interface AirflowTaskRef extends AirflowTaskInstancesRequest {
  taskId: string;
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
  /** Airflow's dry run of a clear: the task instances that would run again. */
  previewClearTaskInstances(
    run: AirflowTaskInstancesRequest,
    request: ClearTaskInstancesRequest,
  ): Promise<AirflowRunActionPreview>;
  /** Clears the run, or the chosen task instances; the same `requestId` again does nothing more. */
  clearTaskInstances(
    run: AirflowTaskInstancesRequest,
    request: ClearTaskInstancesRequest & RunActionRequestId,
  ): Promise<AirflowRunActionResult>;
  /** The run and the unfinished task instances marking it would end. */
  previewMarkDagRun(
    run: AirflowTaskInstancesRequest,
    request: MarkDagRunRequest,
  ): Promise<AirflowRunActionPreview>;
  markDagRun(
    run: AirflowTaskInstancesRequest,
    request: MarkDagRunRequest & RunActionRequestId,
  ): Promise<AirflowRunActionResult>;
  /** Airflow's dry run of a task instance's new state. */
  previewMarkTaskInstance(
    task: AirflowTaskRef,
    request: MarkTaskInstanceRequest,
  ): Promise<AirflowRunActionPreview>;
  markTaskInstance(
    task: AirflowTaskRef,
    request: MarkTaskInstanceRequest & RunActionRequestId,
  ): Promise<AirflowRunActionResult>;
  setDagRunNote(
    run: AirflowTaskInstancesRequest,
    request: SetNoteRequest & RunActionRequestId,
  ): Promise<AirflowRunActionResult>;
  setTaskInstanceNote(
    task: AirflowTaskRef,
    request: SetNoteRequest & RunActionRequestId,
  ): Promise<AirflowRunActionResult>;
  /** A sign-in URL of the environment's Airflow UI, valid for a minute: open it at once. */
  createWebLogin(environment: string): Promise<AirflowWebLogin>;
  /** Human-in-the-loop approvals waiting in the DAGs bound to the entity (a group: to what it owns). */
  listEntityApprovals(
    entityRef: string | CompoundEntityRef,
  ): Promise<EntityApprovalsResponse>;
  /** Answers an approval; the same `requestId` again answers the same response. */
  respondToApproval(
    task: AirflowApprovalTaskRef,
    request: RespondToApprovalRequest,
  ): Promise<AirflowApprovalAnswer>;
  /** How many approvals wait in each environment. */
  listApprovalCounts(): Promise<ApprovalCountsResponse>;
  listBackfills(
    dag: AirflowEntityDagRef,
    page?: AirflowPageRequest,
  ): Promise<AirflowPage<AirflowBackfill>>;
  /** The runs a backfill would create (nothing is created). */
  previewBackfill(
    dag: AirflowEntityDagRef,
    spec: BackfillSpec,
  ): Promise<BackfillPreview>;
  /** Creates a backfill; the same `requestId` again answers the same backfill. */
  createBackfill(
    dag: AirflowEntityDagRef,
    request: CreateBackfillRequest,
  ): Promise<AirflowBackfill>;
  changeBackfill(
    dag: AirflowEntityDagRef,
    backfillId: number,
    action: BackfillAction,
  ): Promise<AirflowBackfill>;
}

/**
 * The task whose approval is answered.
 *
 * @public
 */
export interface AirflowApprovalTaskRef extends AirflowEntityDagRef {
  runId: string;
  taskId: string;
}

/** @public */
export const airflowApiRef = createApiRef<AirflowApi>().with({
  id: 'plugin.airflow.service',
  pluginId: 'airflow',
});
