import type {
  AirflowDagDetails,
  AirflowDagRun,
  AirflowEnvironmentStatus,
  AirflowImportError,
  AirflowLogChunk,
  AirflowPage,
  AirflowTaskInstance,
  EntityDagsResponse,
  EnvironmentDags,
  EnvironmentsResponse,
} from '@airflow-portal/plugin-airflow-common';
import type {
  BackstageCredentials,
  CacheService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type {
  ListDagRunsRequest,
  PageRequest,
  TaskLogRequest,
} from '../api/AirflowApiAdapter';
import type { EnvironmentConfig } from '../environments/types';
import { CachedLoader, keyOf } from './CachedLoader';
import { CacheSettings, DEFAULT_CACHE_SETTINGS } from './cacheSettings';
import {
  bindingsByEnvironment,
  EnvironmentBinding,
  resolveEntity,
} from './entityBindings';
import { EnvironmentDagsLoader } from './EnvironmentDagsLoader';
import {
  EnvironmentConnection,
  EnvironmentRegistry,
  TransportFactory,
} from './EnvironmentRegistry';
import { loadEnvironmentStatus } from './environmentStatus';
import { toErrorInfo } from './toErrorInfo';

/** A finished log does not change; its chunks are kept a little longer. */
const COMPLETED_LOG_TTL_SECONDS = 300;

export interface AirflowServiceOptions {
  environments: EnvironmentConfig[];
  transportFactory: TransportFactory;
  cache: CacheService;
  catalog: CatalogService;
  logger: LoggerService;
  cacheSettings?: CacheSettings;
}

/** Identifies one DAG of one environment as seen through a catalog entity. */
export interface EntityDagRef {
  entity: CompoundEntityRef;
  environment: string;
  dagId: string;
}

/**
 * Everything the routes serve: environment status fanned out over all
 * environments, and DAG data scoped to what a catalog entity binds. Upstream
 * answers are cached (TTL per kind) and identical in-flight calls coalesced.
 */
export class AirflowService {
  private readonly registry: EnvironmentRegistry;
  private readonly loader: CachedLoader;
  private readonly settings: CacheSettings;
  private readonly catalog: CatalogService;
  private readonly dags: EnvironmentDagsLoader;

  constructor(options: AirflowServiceOptions) {
    this.registry = new EnvironmentRegistry(
      options.environments,
      options.transportFactory,
    );
    this.loader = new CachedLoader(options.cache, options.logger);
    this.settings = options.cacheSettings ?? DEFAULT_CACHE_SETTINGS;
    this.catalog = options.catalog;
    this.dags = new EnvironmentDagsLoader(
      this.loader,
      this.settings,
      options.logger,
    );
  }

  /** @throws NotFoundError for an environment that is not configured. */
  assertEnvironment(name: string): void {
    this.registry.get(name);
  }

  async listEnvironments(): Promise<EnvironmentsResponse> {
    const environments = await Promise.all(
      this.registry.list().map(env => this.getEnvironment(env.name)),
    );
    return { environments };
  }

  /** Never rejects for upstream failures: those make the status `unreachable`. */
  getEnvironment(name: string): Promise<AirflowEnvironmentStatus> {
    const connection = this.registry.get(name);
    return this.loader.load(
      `status:${name}`,
      this.settings.healthTtlSeconds,
      () => loadEnvironmentStatus(connection),
    );
  }

  async listImportErrors(
    name: string,
    page: PageRequest,
  ): Promise<AirflowPage<AirflowImportError>> {
    const connection = this.registry.get(name);
    return this.loader.load(
      `import-errors:${name}:${page.limit}:${page.offset}`,
      this.settings.healthTtlSeconds,
      async () => (await connection.adapter()).listImportErrors(page),
    );
  }

  /**
   * DAGs bound to the entity (for a Group: to what it owns), with latest runs,
   * per environment. Environments fail independently.
   */
  async getEntityDags(
    ref: CompoundEntityRef,
    credentials: BackstageCredentials,
  ): Promise<EntityDagsResponse> {
    const resolved = await resolveEntity(this.catalog, ref, credentials);
    const bindings = bindingsByEnvironment(resolved.boundEntities);
    const environments = await Promise.all(
      bindings.map(binding => this.environmentDags(binding)),
    );
    return { entityRef: resolved.entityRef, environments };
  }

  private async environmentDags(
    binding: EnvironmentBinding,
  ): Promise<EnvironmentDags> {
    const { environment } = binding;
    try {
      const connection = this.registry.get(environment);
      const adapter = await connection.adapter();
      const dags = await this.dags.loadBoundDags(environment, adapter, binding);
      return { environment, dags };
    } catch (error) {
      return { environment, dags: [], error: toErrorInfo(error) };
    }
  }

  /** The DAG with its params, for the trigger form; 404 for a DAG the entity does not bind. */
  async getDagDetails(
    ref: EntityDagRef,
    credentials: BackstageCredentials,
  ): Promise<AirflowDagDetails> {
    const connection = await this.boundConnection(ref, credentials);
    return this.loader.load(
      `details:${ref.environment}:${keyOf(ref.dagId)}`,
      this.settings.dagsTtlSeconds,
      async () => (await connection.adapter()).getDagDetails(ref.dagId),
    );
  }

  async listDagRuns(
    ref: EntityDagRef,
    request: ListDagRunsRequest,
    credentials: BackstageCredentials,
  ): Promise<AirflowPage<AirflowDagRun>> {
    const connection = await this.boundConnection(ref, credentials);
    return this.loader.load(
      `runs:${ref.environment}:${keyOf([ref.dagId, request])}`,
      this.settings.runsTtlSeconds,
      async () => (await connection.adapter()).listDagRuns(ref.dagId, request),
    );
  }

  async listTaskInstances(
    ref: EntityDagRef,
    runId: string,
    page: PageRequest,
    credentials: BackstageCredentials,
  ): Promise<AirflowPage<AirflowTaskInstance>> {
    const connection = await this.boundConnection(ref, credentials);
    return this.loader.load(
      `tasks:${ref.environment}:${keyOf([ref.dagId, runId, page])}`,
      this.settings.runsTtlSeconds,
      async () =>
        (await connection.adapter()).listTaskInstances(ref.dagId, runId, page),
    );
  }

  /** Live chunks are only coalesced; chunks at the end of a finished log are cached. */
  async getTaskLog(
    ref: EntityDagRef,
    request: Omit<TaskLogRequest, 'dagId'>,
    credentials: BackstageCredentials,
  ): Promise<AirflowLogChunk> {
    const connection = await this.boundConnection(ref, credentials);
    const logRequest = { ...request, dagId: ref.dagId };
    const key = `log:${ref.environment}:${keyOf(logRequest)}`;
    const finished = await this.loader.peek<AirflowLogChunk>(key);
    if (finished) {
      return finished;
    }
    return this.loader.coalesce(key, async () => {
      const chunk = await (await connection.adapter()).getTaskLog(logRequest);
      if (chunk.endOfLog) {
        await this.loader.store(key, chunk, COMPLETED_LOG_TTL_SECONDS);
      }
      return chunk;
    });
  }

  /**
   * The environment's connection if the entity (read with the caller's
   * credentials) binds the DAG there; NotFoundError otherwise, before any call
   * about the DAG itself goes upstream.
   */
  private async boundConnection(
    ref: EntityDagRef,
    credentials: BackstageCredentials,
  ): Promise<EnvironmentConnection> {
    const connection = this.registry.get(ref.environment);
    const resolved = await resolveEntity(this.catalog, ref.entity, credentials);
    const binding = bindingsByEnvironment(resolved.boundEntities).find(
      b => b.environment === ref.environment,
    );
    const refs = binding
      ? await this.dags.boundRefsOfDag(
          ref.environment,
          await connection.adapter(),
          binding,
          ref.dagId,
        )
      : [];
    if (refs.length === 0) {
      throw new NotFoundError(
        `DAG "${ref.dagId}" in environment "${ref.environment}" is not bound to ${resolved.entityRef}`,
      );
    }
    return connection;
  }
}
