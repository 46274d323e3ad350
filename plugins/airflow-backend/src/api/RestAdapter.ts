import type {
  AirflowApiVersion,
  AirflowDag,
  AirflowDagDetails,
  AirflowDagRun,
  AirflowDagVersion,
  AirflowEventLogEntry,
  AirflowHealth,
  AirflowImportError,
  AirflowLogChunk,
  AirflowPage,
  AirflowTaskInstance,
} from '@airflow-portal/plugin-airflow-common';
import { isUpstreamError, UpstreamError } from '../transport/errors';
import type { AirflowTransport, UpstreamRequest } from '../transport/types';
import type {
  AdapterContext,
  AirflowApiAdapter,
  AirflowVersionInfo,
  DagRunCountFilter,
  EndedRunsRequest,
  LatestRunsBatch,
  ListDagRunsRequest,
  ListDagsRequest,
  PageRequest,
  TaskLogRequest,
  TriggerDagRunRequest,
  TriggerDagRunResult,
  WriteResult,
} from './AirflowApiAdapter';
import { readHealth } from './readHealth';
import { malformed, optString, readCollection, readObject } from './readers';
import { upstreamPath } from './upstreamPath';
import { createUiLinks, UiLinks } from './uiLinks';
import { mapImportError } from './mapImportError';
import type { ApiDialect } from './ApiDialect';
import { mapDagParams } from './dagParams';
import type { RestCalls } from './restCalls';
import { V2Approvals } from './v2Approvals';
import { V2Backfills } from './v2Backfills';
import type { RunActionAdapter } from './runActionTypes';
import { RunActionWrites } from './RunActionWrites';
import { mapDagVersion, mapEventLog } from './readsMapping';

/** The transport refused the call before sending it: its path is over the connection's limit. */
function isPathLimit(error: unknown): error is UpstreamError {
  return isLimit(error) && error.details.status === undefined;
}

/** A limit of the connection (MWAA: Path length, answer size), found by the transport or by MWAA. */
function isLimit(error: unknown): error is UpstreamError {
  return isUpstreamError(error) && error.details.kind === 'limit';
}

/** Airflow's 409: the run id (or, on Airflow 2, the logical date) is taken. */
function isConflict(error: unknown): boolean {
  return (
    isUpstreamError(error) &&
    error.details.kind === 'http' &&
    error.details.status === 409
  );
}

/** Airflow's page size cap (`[api] maximum_page_limit`, default 100). */
const MAX_PAGE_LIMIT = 100;

/**
 * The REST calls both API versions share, with the version's dialect supplying
 * paths, parameters and payload mapping.
 *
 * Paths stay short: Amazon MWAA's InvokeRestApi takes a `Path` of at most 64
 * characters, so collections of one DAG or run are read through the batch
 * endpoints (`/dags/~/dagRuns/list`, `/dags/~/dagRuns/~/taskInstances/list`)
 * with the ids in the body, on every transport. Only single-object reads
 * (DAG details, task logs) carry ids in the path; Airflow has no batch form
 * for them. A task log whose path is too long is read from the transport's
 * log store when it has one (MWAA: CloudWatch Logs).
 */
export abstract class RestAdapter implements AirflowApiAdapter {
  readonly apiVersion: AirflowApiVersion;
  readonly runActions: RunActionAdapter;
  private readonly environment: string;
  private readonly links: UiLinks;
  readonly approvals: V2Approvals;
  readonly backfills: V2Backfills;

  protected constructor(
    private readonly transport: AirflowTransport,
    context: AdapterContext,
    private readonly dialect: ApiDialect,
  ) {
    this.apiVersion = dialect.apiVersion;
    this.environment = context.environment;
    this.links = createUiLinks(dialect.apiVersion, context.uiUrl);
    // Airflow 3 features, each refusing Airflow 2 itself; same calls as below.
    const calls: RestCalls = {
      environment: this.environment,
      apiVersion: this.apiVersion,
      get: (path, query) => this.get(path, query),
      write: (method, path, body, query) =>
        this.write(method, path, body, query),
      explainPathLimit: (error, what) => this.explainPathLimit(error, what),
    };
    this.approvals = new V2Approvals(calls);
    this.backfills = new V2Backfills(calls);
    this.runActions = new RunActionWrites({
      transport,
      apiVersion: dialect.apiVersion,
      environment: context.environment,
      dialect: dialect.runActions,
      mapRun: run => dialect.mapRun(run, context.environment, this.links),
    });
  }

  private async get(
    path: string,
    query?: UpstreamRequest['query'],
    lane?: UpstreamRequest['lane'],
  ): Promise<unknown> {
    const response = await this.transport.request(this.apiVersion, {
      method: 'GET',
      path,
      query,
      idempotent: true,
      lane,
    });
    return response.body;
  }

  private async post(path: string, body: unknown): Promise<unknown> {
    // Batch reads: POST only to put the filter in the body, safe to retry.
    const response = await this.transport.request(this.apiVersion, {
      method: 'POST',
      path,
      body,
      idempotent: true,
    });
    return response.body;
  }

  /** Never retried: a write that timed out may still have happened. */
  private async write(
    method: 'POST' | 'PATCH' | 'PUT',
    path: string,
    body: unknown,
    query?: UpstreamRequest['query'],
  ): Promise<{ status: number; body: unknown }> {
    return this.transport.request(this.apiVersion, {
      method,
      path,
      query,
      body,
      idempotent: false,
    });
  }

  private toDag(answer: unknown, what: string): AirflowDag {
    const dag = this.dialect.mapDag(
      readObject(answer, this.environment),
      this.environment,
      this.links,
    );
    if (!dag) {
      throw malformed(this.environment, `${what} without dag_id`);
    }
    return dag;
  }

  private toRun(answer: unknown): AirflowDagRun {
    const run = this.dialect.mapRun(
      readObject(answer, this.environment),
      this.environment,
      this.links,
    );
    if (!run) {
      throw malformed(this.environment, 'DAG run without dag_id or dag_run_id');
    }
    return run;
  }

  async getHealth(): Promise<AirflowHealth> {
    return readHealth(
      await this.get(this.dialect.healthPath, undefined, 'health'),
      this.environment,
    );
  }

  async getVersion(): Promise<AirflowVersionInfo> {
    const body = readObject(
      await this.get('/version', undefined, 'health'),
      this.environment,
    );
    return {
      version: optString(body.version) ?? 'unknown',
      gitVersion: optString(body.git_version),
    };
  }

  async listDags(request: ListDagsRequest): Promise<AirflowPage<AirflowDag>> {
    const body = await this.get('/dags', this.dialect.listDagsQuery(request));
    const { items, totalEntries } = readCollection(
      body,
      'dags',
      this.environment,
    );
    return {
      items: items.flatMap(
        dag => this.dialect.mapDag(dag, this.environment, this.links) ?? [],
      ),
      totalEntries,
      offset: request.offset,
      limit: request.limit,
    };
  }

  async getDag(dagId: string): Promise<AirflowDag> {
    return this.toDag(await this.get(upstreamPath`/dags/${dagId}`), 'DAG');
  }

  async getDagDetails(dagId: string): Promise<AirflowDagDetails> {
    let answer: unknown;
    try {
      answer = await this.get(upstreamPath`/dags/${dagId}/details`);
    } catch (error) {
      throw this.explainPathLimit(error, `the details of DAG "${dagId}"`);
    }
    const dag = this.toDag(answer, 'DAG details');
    const body = readObject(answer, this.environment);
    return {
      ...dag,
      params: mapDagParams(body.params),
      docMd: optString(body.doc_md),
    };
  }

  /**
   * The batch form with one DAG id: same filter, order and paging as
   * `GET /dags/{dag_id}/dagRuns`, with a path that fits MWAA's limit for any
   * DAG id. A DAG Airflow does not know yields an empty page, not a 404.
   */
  async listDagRuns(
    dagId: string,
    request: ListDagRunsRequest,
  ): Promise<AirflowPage<AirflowDagRun>> {
    // v2 DAGRunsBatchBody (3.0.x and later) and v1 ListDagRunsForm share these keys.
    const body = await this.post('/dags/~/dagRuns/list', {
      dag_ids: [dagId],
      states: request.states?.length ? request.states : undefined,
      page_offset: request.offset,
      page_limit: request.limit,
      order_by: this.dialect.runsOrderBy,
    });
    return this.runPage(body, request);
  }

  async getDagRun(dagId: string, runId: string): Promise<AirflowDagRun> {
    try {
      return this.toRun(
        await this.get(upstreamPath`/dags/${dagId}/dagRuns/${runId}`),
      );
    } catch (error) {
      if (!isLimit(error)) {
        throw error;
      }
      // MWAA: the run id makes the path too long. A run the portal just
      // triggered (the reason to read one run) is among the DAG's newest.
      const { runs } = await this.listLatestRuns([dagId], MAX_PAGE_LIMIT);
      const run = runs.find(r => r.runId === runId);
      if (!run) {
        throw this.explainPathLimit(error, `run "${runId}" of DAG "${dagId}"`);
      }
      return run;
    }
  }

  async listLatestRuns(
    dagIds: string[],
    limit: number,
  ): Promise<LatestRunsBatch> {
    // v2 DAGRunsBatchBody forbids unknown fields; v1 ListDagRunsForm takes the same keys.
    const body = await this.post('/dags/~/dagRuns/list', {
      dag_ids: dagIds,
      page_offset: 0,
      page_limit: limit,
      order_by: this.dialect.runsOrderBy,
    });
    const page = this.runPage(body, { limit, offset: 0 });
    return { runs: page.items, totalEntries: page.totalEntries };
  }

  private runPage(
    body: unknown,
    request: PageRequest,
  ): AirflowPage<AirflowDagRun> {
    const { items, totalEntries } = readCollection(
      body,
      'dag_runs',
      this.environment,
    );
    return {
      items: items.flatMap(
        run => this.dialect.mapRun(run, this.environment, this.links) ?? [],
      ),
      totalEntries,
      offset: request.offset,
      limit: request.limit,
    };
  }

  /**
   * Task instances of one run through the batch endpoint (v2
   * `TaskInstancesBatchBody`, v1 `ListTaskInstanceForm`, Airflow 2.7.1+): the
   * run id can be as long as 250 characters, far over MWAA's Path limit. A run
   * Airflow does not know yields an empty page, not a 404.
   */
  async listTaskInstances(
    dagId: string,
    runId: string,
    request: PageRequest,
  ): Promise<AirflowPage<AirflowTaskInstance>> {
    const body = await this.post(
      '/dags/~/dagRuns/~/taskInstances/list',
      this.dialect.taskInstancesBatchBody(dagId, runId, request),
    );
    const { items, totalEntries } = readCollection(
      body,
      'task_instances',
      this.environment,
    );
    return {
      items: items.flatMap(
        ti =>
          this.dialect.mapTaskInstance(
            ti,
            this.environment,
            { dagId, runId },
            this.links,
          ) ?? [],
      ),
      totalEntries,
      offset: request.offset,
      limit: request.limit,
    };
  }

  async getTaskLog(request: TaskLogRequest): Promise<AirflowLogChunk> {
    let body: unknown;
    try {
      body = await this.get(
        upstreamPath`/dags/${request.dagId}/dagRuns/${request.runId}/taskInstances/${request.taskId}/logs/${request.tryNumber}`,
        { map_index: request.mapIndex, token: request.token },
      );
    } catch (error) {
      if (isPathLimit(error) && this.transport.readStoredTaskLog) {
        // MWAA: the log's path does not fit InvokeRestApi; read it from CloudWatch Logs.
        return this.transport.readStoredTaskLog(request);
      }
      throw this.explainPathLimit(error, 'this task log');
    }
    return this.dialect.mapLogChunk(body, this.environment);
  }

  /** A path over the transport's limit (MWAA: 64 characters) for a read with no batch form. */
  private explainPathLimit(error: unknown, what: string): unknown {
    if (!isPathLimit(error)) {
      return error;
    }
    return new UpstreamError(
      `Airflow environment "${this.environment}" cannot serve ${what}: its ids make the request path longer than the connection allows, and Airflow's REST API has no other form of this call`,
      { ...error.details, detail: error.message },
      error,
    );
  }

  async listImportErrors(
    request: PageRequest,
  ): Promise<AirflowPage<AirflowImportError>> {
    const body = await this.get('/importErrors', {
      limit: request.limit,
      offset: request.offset,
    });
    const { items, totalEntries } = readCollection(
      body,
      'import_errors',
      this.environment,
    );
    return {
      items: items.flatMap(item => mapImportError(item) ?? []),
      totalEntries,
      offset: request.offset,
      limit: request.limit,
    };
  }

  async countImportErrors(): Promise<number> {
    return (await this.listImportErrors({ limit: 1, offset: 0 })).totalEntries;
  }

  /**
   * `GET /dags/~/dagRuns` (`~` = every DAG) with the filter in the query, so
   * the path stays short on every transport. `state`, `end_date_gte` and
   * `limit` mean the same in v1 and in v2 from 3.0 on; one run is enough to
   * read `total_entries`.
   */
  async countDagRuns(filter: DagRunCountFilter): Promise<number> {
    const body = await this.get('/dags/~/dagRuns', {
      state: filter.state,
      end_date_gte: filter.endDateGte,
      limit: 1,
    });
    return readCollection(body, 'dag_runs', this.environment).totalEntries;
  }

  /**
   * `POST /dags/~/dagRuns/list` (v2 `DAGRunsBatchBody`, v1 `ListDagRunsForm`):
   * `states`, `end_date_gte`, `order_by` and the page fields mean the same in
   * both; without `dag_ids` it covers every DAG. Oldest end first, so that a
   * reader that stops early can go on from the last end it saw.
   */
  async listEndedRuns(
    request: EndedRunsRequest,
  ): Promise<AirflowPage<AirflowDagRun>> {
    const limit = Math.min(request.limit, MAX_PAGE_LIMIT);
    const body = await this.post('/dags/~/dagRuns/list', {
      states: request.states,
      end_date_gte: request.endDateGte,
      order_by: 'end_date',
      page_offset: request.offset,
      page_limit: limit,
    });
    return this.runPage(body, { limit, offset: request.offset });
  }

  // Writes

  async triggerDagRun(
    request: TriggerDagRunRequest,
  ): Promise<TriggerDagRunResult> {
    try {
      const answer = await this.write(
        'POST',
        upstreamPath`/dags/${request.dagId}/dagRuns`,
        this.dialect.triggerBody(request),
      );
      return {
        value: this.toRun(answer.body),
        upstreamStatus: answer.status,
        deduplicated: false,
      };
    } catch (error) {
      if (!isConflict(error)) {
        throw error;
      }
      const existing = await this.getDagRun(request.dagId, request.runId).catch(
        () => undefined,
      );
      if (!existing) {
        // Not our run (e.g. Airflow 2's logical-date conflict): Airflow's 409 stands.
        throw error;
      }
      return { value: existing, upstreamStatus: 409, deduplicated: true };
    }
  }

  /** `PATCH /dags/{dag_id}?update_mask=is_paused`, the same in v1 and v2. */
  async setDagPaused(
    dagId: string,
    isPaused: boolean,
  ): Promise<WriteResult<AirflowDag>> {
    const answer = await this.write(
      'PATCH',
      upstreamPath`/dags/${dagId}`,
      { is_paused: isPaused },
      { update_mask: 'is_paused' },
    );
    return {
      value: this.toDag(answer.body, 'DAG'),
      upstreamStatus: answer.status,
    };
  }

  // Reads of the grid, the event log and DAG versions

  /**
   * The dialect's batch body for one run, widened to every run of the grid:
   * `dag_run_ids` is a list in v2 `TaskInstancesBatchBody` and v1
   * `ListTaskInstanceForm` alike.
   */
  async listTaskInstancesOfRuns(
    dagId: string,
    runIds: string[],
    request: PageRequest,
  ): Promise<AirflowPage<AirflowTaskInstance>> {
    const body = await this.post('/dags/~/dagRuns/~/taskInstances/list', {
      ...this.dialect.taskInstancesBatchBody(dagId, runIds[0] ?? '', request),
      dag_run_ids: runIds,
    });
    const { items, totalEntries } = readCollection(
      body,
      'task_instances',
      this.environment,
    );
    return {
      items: items.flatMap(
        ti =>
          this.dialect.mapTaskInstance(
            ti,
            this.environment,
            { dagId, runId: optString(ti.dag_run_id) ?? '' },
            this.links,
          ) ?? [],
      ),
      totalEntries,
      offset: request.offset,
      limit: request.limit,
    };
  }

  /**
   * `GET /eventLogs` filtered by `dag_id` (v1 and v2 alike; a short path,
   * the id in the query). `when` is a sort key of both versions.
   */
  async listEventLog(
    dagId: string,
    request: PageRequest,
  ): Promise<AirflowPage<AirflowEventLogEntry>> {
    const body = await this.get('/eventLogs', {
      dag_id: dagId,
      limit: request.limit,
      offset: request.offset,
      order_by: '-when',
    });
    const { items, totalEntries } = readCollection(
      body,
      'event_logs',
      this.environment,
    );
    return {
      items: items.flatMap(item => mapEventLog(item) ?? []),
      totalEntries,
      offset: request.offset,
      limit: request.limit,
    };
  }

  /**
   * `GET /dags/{dag_id}/dagVersions` (Airflow 3 only; Airflow 2 does not
   * version DAGs). The DAG id is in the path: Airflow has no batch form.
   */
  async listDagVersions(
    dagId: string,
    request: PageRequest,
  ): Promise<AirflowPage<AirflowDagVersion> | undefined> {
    if (this.apiVersion !== 'v2') {
      return undefined;
    }
    let body: unknown;
    try {
      body = await this.get(upstreamPath`/dags/${dagId}/dagVersions`, {
        limit: request.limit,
        offset: request.offset,
        order_by: '-version_number',
      });
    } catch (error) {
      throw this.explainPathLimit(error, `the versions of DAG "${dagId}"`);
    }
    const { items, totalEntries } = readCollection(
      body,
      'dag_versions',
      this.environment,
    );
    return {
      items: items.flatMap(item => mapDagVersion(item) ?? []),
      totalEntries,
      offset: request.offset,
      limit: request.limit,
    };
  }
}
