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
  EntityDagsResponse,
  EnvironmentsResponse,
  TriggerDagRunRequest,
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
