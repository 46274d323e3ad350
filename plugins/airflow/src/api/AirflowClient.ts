import type {
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
import { CompoundEntityRef, parseEntityRef } from '@backstage/catalog-model';
import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  AirflowApi,
  AirflowAuditQuery,
  AirflowDagRunsRequest,
  AirflowEntityDagRef,
  AirflowPageRequest,
  AirflowTaskInstancesRequest,
  AirflowTaskLogRequest,
  AirflowApprovalTaskRef,
  AirflowTaskRef,
} from './AirflowApi';
import {
  airflowRequestPath,
  airflowRoutes,
  type AirflowOperationId,
  type AirflowOperationTypes,
  type AirflowRequest,
} from './airflowRoutes';

/** Kind and namespace are case-insensitive in the catalog; lower-casing keeps URLs stable. */
function entityParams(entityRef: string | CompoundEntityRef) {
  const { kind, namespace, name } =
    typeof entityRef === 'string' ? parseEntityRef(entityRef) : entityRef;
  return {
    namespace: namespace.toLocaleLowerCase('en-US'),
    kind: kind.toLocaleLowerCase('en-US'),
    name,
  };
}

function dagParams({ entityRef, environment, dagId }: AirflowEntityDagRef) {
  return { ...entityParams(entityRef), environment, dagId };
}

function runParams(run: AirflowTaskInstancesRequest) {
  return { ...dagParams(run), runId: run.runId };
}

/**
 * Talks to the Airflow backend plugin. Requests go through the FetchApi so the
 * user's Backstage token is attached; failures become ResponseErrors that keep
 * the backend's error body (including Airflow's `upstreamStatus` and `detail`).
 *
 * @public
 */
export class AirflowClient implements AirflowApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  listEnvironments(): Promise<EnvironmentsResponse> {
    return this.call('ListEnvironments', { params: {} });
  }

  getEnvironment(environment: string): Promise<AirflowEnvironmentStatus> {
    return this.call('GetEnvironment', { params: { environment } });
  }

  listImportErrors(
    environment: string,
    page?: AirflowPageRequest,
  ): Promise<AirflowImportErrorPage> {
    return this.call('ListImportErrors', {
      params: { environment },
      query: { limit: page?.limit, offset: page?.offset },
    });
  }

  getEntityDags(
    entityRef: string | CompoundEntityRef,
  ): Promise<EntityDagsResponse> {
    return this.call('GetEntityDags', { params: entityParams(entityRef) });
  }

  listDagRuns(
    request: AirflowDagRunsRequest,
  ): Promise<AirflowPage<AirflowDagRun>> {
    return this.call('ListDagRuns', {
      params: dagParams(request),
      query: {
        limit: request.limit,
        offset: request.offset,
        state: request.state,
      },
    });
  }

  listTaskInstances(
    request: AirflowTaskInstancesRequest,
  ): Promise<AirflowPage<AirflowTaskInstance>> {
    return this.call('ListTaskInstances', {
      params: { ...dagParams(request), runId: request.runId },
    });
  }

  getTaskLog(request: AirflowTaskLogRequest): Promise<AirflowLogChunk> {
    return this.call('GetTaskLog', {
      params: {
        ...dagParams(request),
        runId: request.runId,
        taskId: request.taskId,
        tryNumber: String(request.tryNumber),
      },
      query: { mapIndex: request.mapIndex, token: request.token },
    });
  }

  getDagDetails(dag: AirflowEntityDagRef): Promise<AirflowDagDetails> {
    return this.call('GetDagDetails', { params: dagParams(dag) });
  }

  triggerDagRun(
    dag: AirflowEntityDagRef,
    request: TriggerDagRunRequest,
  ): Promise<AirflowDagRun> {
    return this.call('TriggerDagRun', {
      params: dagParams(dag),
      body: request,
    });
  }

  setDagPaused(
    dag: AirflowEntityDagRef,
    isPaused: boolean,
  ): Promise<AirflowDag> {
    return this.call('SetDagPaused', {
      params: dagParams(dag),
      body: { isPaused },
    });
  }

  listAuditRecords(query: AirflowAuditQuery = {}): Promise<AirflowAuditPage> {
    return this.call('ListAuditRecords', { params: {}, query: { ...query } });
  }

  getDagGrid(dag: AirflowEntityDagRef, runs?: number): Promise<AirflowDagGrid> {
    return this.call('GetDagGrid', {
      params: dagParams(dag),
      query: { limit: runs },
    });
  }

  listDagVersions(
    dag: AirflowEntityDagRef,
    page?: AirflowPageRequest,
  ): Promise<AirflowDagVersionsResponse> {
    return this.call('ListDagVersions', {
      params: dagParams(dag),
      query: { limit: page?.limit, offset: page?.offset },
    });
  }

  previewClearTaskInstances(
    run: AirflowTaskInstancesRequest,
    request: ClearTaskInstancesRequest,
  ): Promise<AirflowRunActionPreview> {
    return this.call('PreviewClearTaskInstances', {
      params: runParams(run),
      body: request,
    });
  }

  createWebLogin(environment: string): Promise<AirflowWebLogin> {
    return this.call('CreateWebLogin', { params: { environment } });
  }

  listEntityApprovals(
    entityRef: string | CompoundEntityRef,
  ): Promise<EntityApprovalsResponse> {
    return this.call('ListEntityApprovals', {
      params: entityParams(entityRef),
    });
  }

  respondToApproval(
    task: AirflowApprovalTaskRef,
    request: RespondToApprovalRequest,
  ): Promise<AirflowApprovalAnswer> {
    return this.call('RespondToApproval', {
      params: { ...dagParams(task), runId: task.runId, taskId: task.taskId },
      body: request,
    });
  }

  clearTaskInstances(
    run: AirflowTaskInstancesRequest,
    request: ClearTaskInstancesRequest & RunActionRequestId,
  ): Promise<AirflowRunActionResult> {
    return this.call('ClearTaskInstances', {
      params: runParams(run),
      body: request,
    });
  }

  listApprovalCounts(): Promise<ApprovalCountsResponse> {
    return this.call('ListApprovalCounts', { params: {} });
  }

  listBackfills(
    dag: AirflowEntityDagRef,
    page?: AirflowPageRequest,
  ): Promise<AirflowPage<AirflowBackfill>> {
    return this.call('ListBackfills', {
      params: dagParams(dag),
      query: { limit: page?.limit, offset: page?.offset },
    });
  }

  previewBackfill(
    dag: AirflowEntityDagRef,
    spec: BackfillSpec,
  ): Promise<BackfillPreview> {
    return this.call('PreviewBackfill', {
      params: dagParams(dag),
      query: {
        fromDate: spec.fromDate,
        toDate: spec.toDate,
        reprocessBehavior: spec.reprocessBehavior,
        maxActiveRuns: spec.maxActiveRuns,
        runBackwards:
          spec.runBackwards === undefined
            ? undefined
            : String(spec.runBackwards),
      },
    });
  }

  createBackfill(
    dag: AirflowEntityDagRef,
    request: CreateBackfillRequest,
  ): Promise<AirflowBackfill> {
    return this.call('CreateBackfill', {
      params: dagParams(dag),
      body: request,
    });
  }

  changeBackfill(
    dag: AirflowEntityDagRef,
    backfillId: number,
    action: BackfillAction,
  ): Promise<AirflowBackfill> {
    return this.call('ChangeBackfill', {
      params: { ...dagParams(dag), backfillId: String(backfillId) },
      body: { action },
    });
  }

  previewMarkDagRun(
    run: AirflowTaskInstancesRequest,
    request: MarkDagRunRequest,
  ): Promise<AirflowRunActionPreview> {
    return this.call('PreviewMarkDagRun', {
      params: runParams(run),
      body: request,
    });
  }

  markDagRun(
    run: AirflowTaskInstancesRequest,
    request: MarkDagRunRequest & RunActionRequestId,
  ): Promise<AirflowRunActionResult> {
    return this.call('MarkDagRun', { params: runParams(run), body: request });
  }

  previewMarkTaskInstance(
    task: AirflowTaskRef,
    request: MarkTaskInstanceRequest,
  ): Promise<AirflowRunActionPreview> {
    return this.call('PreviewMarkTaskInstance', {
      params: { ...runParams(task), taskId: task.taskId },
      body: request,
    });
  }

  markTaskInstance(
    task: AirflowTaskRef,
    request: MarkTaskInstanceRequest & RunActionRequestId,
  ): Promise<AirflowRunActionResult> {
    return this.call('MarkTaskInstance', {
      params: { ...runParams(task), taskId: task.taskId },
      body: request,
    });
  }

  setDagRunNote(
    run: AirflowTaskInstancesRequest,
    request: SetNoteRequest & RunActionRequestId,
  ): Promise<AirflowRunActionResult> {
    return this.call('SetDagRunNote', {
      params: runParams(run),
      body: request,
    });
  }

  setTaskInstanceNote(
    task: AirflowTaskRef,
    request: SetNoteRequest & RunActionRequestId,
  ): Promise<AirflowRunActionResult> {
    return this.call('SetTaskInstanceNote', {
      params: { ...runParams(task), taskId: task.taskId },
      body: request,
    });
  }

  listDagEventLog(
    dag: AirflowEntityDagRef,
    page?: AirflowPageRequest,
  ): Promise<AirflowPage<AirflowEventLogEntry>> {
    return this.call('ListDagEventLog', {
      params: dagParams(dag),
      query: { limit: page?.limit, offset: page?.offset },
    });
  }

  private async call<Id extends AirflowOperationId>(
    operationId: Id,
    request: AirflowRequest<Id>,
  ): Promise<AirflowOperationTypes[Id]['response']> {
    const baseUrl = await this.discoveryApi.getBaseUrl('airflow');
    const init: RequestInit = { method: airflowRoutes[operationId].method };
    if (request.body !== undefined) {
      init.headers = { 'Content-Type': 'application/json' };
      init.body = JSON.stringify(request.body);
    }
    const response = await this.fetchApi.fetch(
      `${baseUrl}${airflowRequestPath(operationId, request)}`,
      init,
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return await response.json();
  }
}
