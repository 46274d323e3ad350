import type {
  AirflowAuditPage,
  AirflowDag,
  AirflowDagDetails,
  AirflowDagRun,
  AirflowEnvironmentStatus,
  AirflowImportError,
  AirflowLogChunk,
  AirflowPage,
  AirflowTaskInstance,
  EntityDagsResponse,
  EnvironmentsResponse,
  SetDagPausedRequest,
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

type Query = Record<string, string | number | undefined>;

const segment = encodeURIComponent;

/** Kind and namespace are case-insensitive in the catalog; lower-casing keeps URLs stable. */
function entityPath(entityRef: string | CompoundEntityRef): string {
  const { kind, namespace, name } =
    typeof entityRef === 'string' ? parseEntityRef(entityRef) : entityRef;
  return `/entities/${segment(namespace.toLocaleLowerCase('en-US'))}/${segment(
    kind.toLocaleLowerCase('en-US'),
  )}/${segment(name)}`;
}

function dagPath({ entityRef, environment, dagId }: AirflowEntityDagRef) {
  return `${entityPath(entityRef)}/environments/${segment(
    environment,
  )}/dags/${segment(dagId)}`;
}

function queryString(query: Query | undefined): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined) {
      params.set(key, String(value));
    }
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * Talks to the Airflow backend plugin. Requests go through the FetchApi so the
 * user's Backstage token is attached; failures become ResponseErrors that keep
 * the backend's error body (including Airflow's `upstreamStatus` and `detail`).
 */
export class AirflowClient implements AirflowApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  listEnvironments(): Promise<EnvironmentsResponse> {
    return this.get('/environments');
  }

  getEnvironment(environment: string): Promise<AirflowEnvironmentStatus> {
    return this.get(`/environments/${segment(environment)}`);
  }

  listImportErrors(
    environment: string,
    page?: AirflowPageRequest,
  ): Promise<AirflowPage<AirflowImportError>> {
    return this.get(`/environments/${segment(environment)}/import-errors`, {
      limit: page?.limit,
      offset: page?.offset,
    });
  }

  getEntityDags(
    entityRef: string | CompoundEntityRef,
  ): Promise<EntityDagsResponse> {
    return this.get(`${entityPath(entityRef)}/dags`);
  }

  listDagRuns(
    request: AirflowDagRunsRequest,
  ): Promise<AirflowPage<AirflowDagRun>> {
    return this.get(`${dagPath(request)}/runs`, {
      limit: request.limit,
      offset: request.offset,
      state: request.state,
    });
  }

  listTaskInstances(
    request: AirflowTaskInstancesRequest,
  ): Promise<AirflowPage<AirflowTaskInstance>> {
    return this.get(`${dagPath(request)}/runs/${segment(request.runId)}/tasks`);
  }

  getTaskLog(request: AirflowTaskLogRequest): Promise<AirflowLogChunk> {
    const { runId, taskId, tryNumber } = request;
    return this.get(
      `${dagPath(request)}/runs/${segment(runId)}/tasks/${segment(
        taskId,
      )}/logs/${segment(String(tryNumber))}`,
      { mapIndex: request.mapIndex, token: request.token },
    );
  }

  getDagDetails(dag: AirflowEntityDagRef): Promise<AirflowDagDetails> {
    return this.get(`${dagPath(dag)}/details`);
  }

  triggerDagRun(
    dag: AirflowEntityDagRef,
    request: TriggerDagRunRequest,
  ): Promise<AirflowDagRun> {
    return this.send('POST', `${dagPath(dag)}/runs`, request);
  }

  setDagPaused(
    dag: AirflowEntityDagRef,
    isPaused: boolean,
  ): Promise<AirflowDag> {
    const body: SetDagPausedRequest = { isPaused };
    return this.send('PATCH', dagPath(dag), body);
  }

  listAuditRecords(query: AirflowAuditQuery = {}): Promise<AirflowAuditPage> {
    return this.get('/audit', { ...query });
  }

  private get<T>(path: string, query?: Query): Promise<T> {
    return this.request(`${path}${queryString(query)}`);
  }

  private send<T>(method: 'POST' | 'PATCH', path: string, body: object) {
    return this.request<T>(path, {
      method,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  private async request<T>(path: string, init?: RequestInit): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('airflow');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
