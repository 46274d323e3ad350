import type {
  AirflowApiVersion,
  AirflowDag,
  AirflowDagRun,
  AirflowHealth,
  AirflowImportError,
  AirflowLogChunk,
  AirflowPage,
  AirflowTaskInstance,
} from '@airflow-portal/plugin-airflow-common';
import type { AirflowTransport, UpstreamRequest } from '../transport/types';
import type {
  AdapterContext,
  AirflowApiAdapter,
  AirflowVersionInfo,
  LatestRunsBatch,
  ListDagRunsRequest,
  ListDagsRequest,
  PageRequest,
  TaskLogRequest,
} from './AirflowApiAdapter';
import { readHealth } from './readHealth';
import {
  malformed,
  optString,
  readCollection,
  readObject,
  segment,
} from './readers';
import { createUiLinks, UiLinks } from './uiLinks';
import { mapImportError } from './mapImportError';
import type { ApiDialect } from './ApiDialect';

/**
 * The REST calls both API versions share, with the version's dialect supplying
 * paths, parameters and payload mapping.
 */
export abstract class RestAdapter implements AirflowApiAdapter {
  readonly apiVersion: AirflowApiVersion;
  private readonly environment: string;
  private readonly links: UiLinks;

  protected constructor(
    private readonly transport: AirflowTransport,
    context: AdapterContext,
    private readonly dialect: ApiDialect,
  ) {
    this.apiVersion = dialect.apiVersion;
    this.environment = context.environment;
    this.links = createUiLinks(dialect.apiVersion, context.uiUrl);
  }

  private async get(
    path: string,
    query?: UpstreamRequest['query'],
  ): Promise<unknown> {
    const response = await this.transport.request(this.apiVersion, {
      method: 'GET',
      path,
      query,
      idempotent: true,
    });
    return response.body;
  }

  async getHealth(): Promise<AirflowHealth> {
    return readHealth(
      await this.get(this.dialect.healthPath),
      this.environment,
    );
  }

  async getVersion(): Promise<AirflowVersionInfo> {
    const body = readObject(await this.get('/version'), this.environment);
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
    const body = readObject(
      await this.get(`/dags/${segment(dagId)}`),
      this.environment,
    );
    const dag = this.dialect.mapDag(body, this.environment, this.links);
    if (!dag) {
      throw malformed(this.environment, 'DAG without dag_id');
    }
    return dag;
  }

  async listDagRuns(
    dagId: string,
    request: ListDagRunsRequest,
  ): Promise<AirflowPage<AirflowDagRun>> {
    const body = await this.get(`/dags/${segment(dagId)}/dagRuns`, {
      limit: request.limit,
      offset: request.offset,
      state: request.states?.length ? request.states : undefined,
      order_by: this.dialect.runsOrderBy,
    });
    return this.runPage(body, request);
  }

  async listLatestRuns(
    dagIds: string[],
    limit: number,
  ): Promise<LatestRunsBatch> {
    // v2 DAGRunsBatchBody forbids unknown fields; v1 ListDagRunsForm takes the same keys.
    const response = await this.transport.request(this.apiVersion, {
      method: 'POST',
      path: '/dags/~/dagRuns/list',
      body: {
        dag_ids: dagIds,
        page_offset: 0,
        page_limit: limit,
        order_by: this.dialect.runsOrderBy,
      },
      idempotent: true,
    });
    const page = this.runPage(response.body, { limit, offset: 0 });
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

  async listTaskInstances(
    dagId: string,
    runId: string,
    request: PageRequest,
  ): Promise<AirflowPage<AirflowTaskInstance>> {
    const body = await this.get(
      `/dags/${segment(dagId)}/dagRuns/${segment(runId)}/taskInstances`,
      { limit: request.limit, offset: request.offset },
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
    const body = await this.get(
      `/dags/${segment(request.dagId)}/dagRuns/${segment(
        request.runId,
      )}/taskInstances/${segment(request.taskId)}/logs/${request.tryNumber}`,
      { map_index: request.mapIndex, token: request.token },
    );
    return this.dialect.mapLogChunk(body, this.environment);
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
}
