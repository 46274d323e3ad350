import type {
  AirflowDag,
  AirflowDagDetails,
  AirflowDagGrid,
  AirflowDagRun,
  AirflowDagVersionsResponse,
  AirflowEnvironmentStatus,
  AirflowEventLogEntry,
  AirflowMissingDag,
  AirflowImportError,
  AirflowImportErrorPage,
  AirflowLogChunk,
  AirflowPage,
  AirflowTaskInstance,
  EntityDagsResponse,
  EnvironmentDags,
  EnvironmentsResponse,
} from '@airflow-portal/plugin-airflow-common';
import type {
  AuthService,
  BackstageCredentials,
  CacheService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  type CompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type {
  AirflowApiAdapter,
  ListDagRunsRequest,
  PageRequest,
  TaskLogRequest,
} from '../api/AirflowApiAdapter';
import { DEFAULT_CACHE_SETTINGS } from '../config/schema';
import type { CacheSettings } from '../config/types';
import type {
  Environment,
  EnvironmentRegistry,
} from '../environments/EnvironmentRegistry';
import { CacheGenerations } from './CacheGenerations';
import { CachedLoader, keyOf } from './CachedLoader';
import {
  bindingsByEnvironment,
  EnvironmentBinding,
  type EntityAndOwned,
  EntityReadFilter,
  type ReadEntity,
  readEntityAndOwned,
  resolveEntity,
} from './entityBindings';
import { EnvironmentDagsLoader, PAGE_SIZE } from './EnvironmentDagsLoader';
import type { RecentValues } from './RecentValues';
import { readableImportErrors } from './importErrorFiles';
import { loadEnvironmentStatus } from './environmentStatus';
import { recoveredSince, withReachability } from './statusFreshness';
import { isUpstreamError, toErrorInfo } from '../transport/errors';
import {
  canSeeConfSafely,
  confRedactedForEveryone,
  type ConfVisibility,
  dagsForReader,
  runForReader,
} from './confVisibility';
import {
  countMissing,
  importErrorsOfMissingDag,
  missingDagIds,
  readCatalogDagIdBindings,
  toMissingDag,
} from './deploymentChecks';
import { redactEventLogEntry } from './eventLogRedaction';

/** A finished log does not change; its chunks are kept a little longer. */
const COMPLETED_LOG_TTL_SECONDS = 300;

export interface AirflowServiceOptions {
  environments: EnvironmentRegistry;
  cache: CacheService;
  catalog: CatalogService;
  logger: LoggerService;
  cacheSettings?: CacheSettings;
  /**
   * Which entities a group page aggregates: those whose DAGs the caller may
   * see (`airflow.dag.read` on each, one batched request). Without it, every
   * entity the group owns.
   */
  mayReadEntities?: EntityReadFilter;
  /** Who sees runs' conf unredacted; by default nobody. */
  confVisibility?: ConfVisibility;
  /**
   * The plugin's own credentials, to read every entity's DAG bindings for
   * the missing-DAG count of the ops overview; without it, not counted.
   */
  auth?: AuthService;
  /** Parsed DAG lists kept in memory (./RecentValues.ts); tests pass their own to clear it. */
  recentValues?: RecentValues;
  /**
   * Reads the entity a request is under as the caller may read it (the
   * plugin reads it once for every caller, each seeing it through their own
   * decision: permissions/SharedEntityReads.ts). Without it, the catalog is
   * asked with the caller's credentials on every request.
   */
  sharedEntities?: {
    read(
      ref: CompoundEntityRef,
      credentials: BackstageCredentials,
    ): Promise<EntityAndOwned>;
  };
}

/** How many task instances the grid reads at most (Airflow pages of 100). */
const MAX_GRID_TASK_PAGES = 5;

/** Identifies one DAG of one environment as seen through a catalog entity. */
export interface EntityDagRef {
  entity: CompoundEntityRef;
  environment: string;
  dagId: string;
  /** The entity as this request has read and authorized it already, if it has. */
  known?: ReadEntity;
}

/** A DAG that a catalog entity binds, ready to be read or operated on. */
export interface EntityDag {
  environment: Environment;
  adapter: AirflowApiAdapter;
}

/** Told by the actions when they changed a DAG, so cached reads of it are refreshed. */
export interface DagChangeListener {
  /** Never rejects. */
  dagChanged(environment: string, dagId: string): Promise<void>;
}

/**
 * Everything the routes serve: environment status fanned out over all
 * environments, and DAG data scoped to what a catalog entity binds. Upstream
 * answers are cached (TTL per kind) and identical in-flight calls coalesced.
 * After an action, the environment's DAG lists, latest runs, runs and details
 * are read afresh (see `dagChanged`).
 */
export class AirflowService implements DagChangeListener {
  private readonly registry: EnvironmentRegistry;
  private readonly loader: CachedLoader;
  private readonly settings: CacheSettings;
  private readonly catalog: CatalogService;
  private readonly dags: EnvironmentDagsLoader;
  private readonly generations: CacheGenerations;
  private readonly mayReadEntities?: EntityReadFilter;
  private readonly confVisibility: ConfVisibility;
  private readonly auth?: AuthService;
  private readonly sharedEntities?: AirflowServiceOptions['sharedEntities'];

  constructor(options: AirflowServiceOptions) {
    this.auth = options.auth;
    this.sharedEntities = options.sharedEntities;
    this.confVisibility = options.confVisibility ?? confRedactedForEveryone;
    this.registry = options.environments;
    this.loader = new CachedLoader(options.cache, options.logger);
    this.settings = options.cacheSettings ?? DEFAULT_CACHE_SETTINGS;
    this.generations = new CacheGenerations(
      options.cache,
      options.logger,
      Math.max(this.settings.dagsTtlSeconds, this.settings.runsTtlSeconds),
    );
    this.catalog = options.catalog;
    this.mayReadEntities = options.mayReadEntities;
    this.dags = new EnvironmentDagsLoader(
      this.loader,
      this.settings,
      options.logger,
      options.recentValues,
    );
  }

  /**
   * A trigger or a pause/unpause of `dagId` succeeded: the cached reads it made
   * stale are dropped by advancing the environment's cache generation (one
   * per environment: DAG lists and latest-runs batches span many DAGs). The
   * status, task instances and logs are not affected.
   */
  async dagChanged(environment: string, _dagId: string): Promise<void> {
    await this.generations.bump(environment);
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
    // The registry throws at once for an unknown environment.
    return this.environmentStatus(this.registry.get(name)).then(status =>
      this.withMissingDagCount(status),
    );
  }

  /** The cached status, corrected by what the transport saw since it was read. */
  private async environmentStatus(
    environment: Environment,
  ): Promise<AirflowEnvironmentStatus> {
    const name = environment.name;
    const key = `status:${name}`;
    const ttl = this.settings.healthTtlSeconds;
    let status = await this.loader.load(key, ttl, () =>
      loadEnvironmentStatus(environment),
    );
    const reachability = () => environment.transport.reachability?.();
    if (recoveredSince(status, reachability())) {
      status = await this.loader.reload(key, ttl, () =>
        loadEnvironmentStatus(environment),
      );
    }
    return withReachability(status, reachability());
  }

  /** A page of every import error of the environment. */
  async listImportErrors(
    name: string,
    page: PageRequest,
  ): Promise<AirflowImportErrorPage> {
    const environment = this.registry.get(name);
    const found = await this.loader.load(
      `import-errors:${name}:${page.limit}:${page.offset}`,
      this.settings.healthTtlSeconds,
      async () => (await environment.adapter()).listImportErrors(page),
    );
    return { ...found, scope: 'all' };
  }

  /**
   * A page of the import errors of files whose DAGs `mayRead` allows (see
   * ./importErrorFiles.ts). Reads every import error and every DAG of the
   * environment (cached, shared by all readers); `totalEntries` counts the
   * readable ones only.
   */
  async listReadableImportErrors(
    name: string,
    page: PageRequest,
    mayRead: (dags: AirflowDag[]) => Promise<boolean[]>,
  ): Promise<AirflowImportErrorPage> {
    const readable = await this.readableImportErrors(name, mayRead);
    return {
      items: readable.slice(page.offset, page.offset + page.limit),
      totalEntries: readable.length,
      offset: page.offset,
      limit: page.limit,
      scope: 'readable',
    };
  }

  /**
   * The status with `importErrorCount` reduced to what `mayRead` allows. A
   * count that cannot be worked out is left out rather than shown whole.
   */
  async withReadableImportErrorCount(
    status: AirflowEnvironmentStatus,
    mayRead: (dags: AirflowDag[]) => Promise<boolean[]>,
  ): Promise<AirflowEnvironmentStatus> {
    const { importErrorCount, ...rest } = status;
    const scoped = { ...rest, importErrorScope: 'readable' as const };
    if (importErrorCount === undefined || importErrorCount === 0) {
      return importErrorCount === 0
        ? { ...scoped, importErrorCount: 0 }
        : scoped;
    }
    try {
      const readable = await this.readableImportErrors(status.name, mayRead);
      return { ...scoped, importErrorCount: readable.length };
    } catch {
      return scoped;
    }
  }

  private async readableImportErrors(
    name: string,
    mayRead: (dags: AirflowDag[]) => Promise<boolean[]>,
  ): Promise<AirflowImportError[]> {
    const environment = this.registry.get(name);
    const [adapter, generation] = await Promise.all([
      environment.adapter(),
      this.generations.current(name),
    ]);
    const [errors, dags] = await Promise.all([
      this.loader.load(
        `import-errors-all:${name}`,
        this.settings.healthTtlSeconds,
        () => readAllImportErrors(adapter),
      ),
      this.dags.listEnvironmentDags(name, generation, adapter),
    ]);
    return readableImportErrors(errors, dags, mayRead);
  }

  /**
   * Every active DAG of the environment: the same cached list as the import
   * errors' reader check (one per environment and cache generation).
   */
  async listEnvironmentDags(name: string): Promise<AirflowDag[]> {
    const environment = this.registry.get(name);
    const [adapter, generation] = await Promise.all([
      environment.adapter(),
      this.generations.current(name),
    ]);
    return this.dags.listEnvironmentDags(name, generation, adapter);
  }

  /**
   * The entity as the caller may read it in the catalog (no `entity` when
   * they may not, or it does not exist); for a group, with what may be its,
   * in the same catalog query.
   */
  readEntity(
    ref: CompoundEntityRef,
    credentials: BackstageCredentials,
  ): Promise<EntityAndOwned> {
    return this.sharedEntities
      ? this.sharedEntities.read(ref, credentials)
      : readEntityAndOwned(this.catalog, ref, credentials);
  }

  /**
   * DAGs bound to the entity (for a Group: to what it owns), with latest runs,
   * per environment. Environments fail independently.
   */
  async getEntityDags(
    ref: CompoundEntityRef,
    credentials: BackstageCredentials,
    known?: ReadEntity,
  ): Promise<EntityDagsResponse> {
    const resolved = await resolveEntity(
      this.catalog,
      ref,
      credentials,
      this.mayReadEntities,
      known,
    );
    const bindings = bindingsByEnvironment(resolved.boundEntities);
    const environments = await Promise.all(
      bindings.map(async binding => {
        const found = await this.environmentDags(binding);
        // After the cache, which every reader shares: conf per reader.
        const dags = await dagsForReader(
          found.dags,
          this.confVisibility,
          credentials,
          resolved.entityRef,
        );
        return { ...found, dags };
      }),
    );
    return { entityRef: resolved.entityRef, environments };
  }

  private async environmentDags(
    binding: EnvironmentBinding,
  ): Promise<EnvironmentDags> {
    const { environment } = binding;
    try {
      const [adapter, generation] = await Promise.all([
        this.registry.get(environment).adapter(),
        this.generations.current(environment),
      ]);
      const dags = await this.dags.loadBoundDags(
        environment,
        generation,
        adapter,
        binding,
      );
      const missingDags = await this.missingDags(
        binding,
        adapter,
        dags.map(dag => dag.dagId),
      );
      return missingDags.length > 0
        ? { environment, dags, missingDags }
        : { environment, dags };
    } catch (error) {
      return { environment, dags: [], error: toErrorInfo(error) };
    }
  }

  /**
   * The DAG as Airflow describes it (owners, tags, file), for permission
   * decisions: cached like the DAG lists; undefined when Airflow does not
   * know it. Other upstream failures reject: no decision without the facts.
   */
  async getDagFacts(
    environment: string,
    dagId: string,
  ): Promise<AirflowDag | undefined> {
    const env = this.registry.find(environment);
    if (!env) {
      return undefined;
    }
    const generation = await this.generations.current(environment);
    // Wrapped, so that "Airflow does not know it" is cached too.
    const { dag } = await this.loader.load(
      `dag:${environment}:${generation}:${keyOf(dagId)}`,
      this.settings.dagsTtlSeconds,
      async () => {
        try {
          return { dag: await (await env.adapter()).getDag(dagId) };
        } catch (error) {
          if (isUpstreamError(error) && error.details.status === 404) {
            return { dag: null };
          }
          throw error;
        }
      },
    );
    return dag ?? undefined;
  }

  /** The DAG with its params, for the trigger form; 404 for a DAG the entity does not bind. */
  async getDagDetails(
    ref: EntityDagRef,
    credentials: BackstageCredentials,
  ): Promise<AirflowDagDetails> {
    const { adapter, generation } = await this.bound(ref, credentials);
    return this.loader.load(
      `details:${ref.environment}:${generation}:${keyOf(ref.dagId)}`,
      this.settings.dagsTtlSeconds,
      () => adapter.getDagDetails(ref.dagId),
    );
  }

  async listDagRuns(
    ref: EntityDagRef,
    request: ListDagRunsRequest,
    credentials: BackstageCredentials,
  ): Promise<AirflowPage<AirflowDagRun>> {
    const { adapter, generation } = await this.bound(ref, credentials);
    const [page, visible] = await Promise.all([
      this.loader.load(
        `runs:${ref.environment}:${generation}:${keyOf([ref.dagId, request])}`,
        this.settings.runsTtlSeconds,
        () => adapter.listDagRuns(ref.dagId, request),
      ),
      canSeeConfSafely(this.confVisibility, credentials, [
        {
          entityRef: stringifyEntityRef(ref.entity),
          environment: ref.environment,
          dagId: ref.dagId,
        },
      ]),
    ]);
    return {
      ...page,
      items: page.items.map(run => runForReader(run, visible[0])),
    };
  }

  async listTaskInstances(
    ref: EntityDagRef,
    runId: string,
    page: PageRequest,
    credentials: BackstageCredentials,
  ): Promise<AirflowPage<AirflowTaskInstance>> {
    const { adapter } = await this.bound(ref, credentials);
    return this.loader.load(
      `tasks:${ref.environment}:${keyOf([ref.dagId, runId, page])}`,
      this.settings.runsTtlSeconds,
      () => adapter.listTaskInstances(ref.dagId, runId, page),
    );
  }

  /** Live chunks are only coalesced; chunks at the end of a finished log are cached. */
  async getTaskLog(
    ref: EntityDagRef,
    request: Omit<TaskLogRequest, 'dagId'>,
    credentials: BackstageCredentials,
  ): Promise<AirflowLogChunk> {
    const { adapter } = await this.bound(ref, credentials);
    const logRequest = { ...request, dagId: ref.dagId };
    const key = `log:${ref.environment}:${keyOf(logRequest)}`;
    const finished = await this.loader.peek<AirflowLogChunk>(key);
    if (finished) {
      return finished;
    }
    return this.loader.coalesce(key, async () => {
      const chunk = await adapter.getTaskLog(logRequest);
      if (chunk.endOfLog) {
        await this.loader.store(key, chunk, COMPLETED_LOG_TTL_SECONDS);
      }
      return chunk;
    });
  }

  /**
   * The one binding check, for reads and operations alike: the DAG's
   * environment and adapter if the entity (read from the catalog with the
   * caller's credentials; a Group with what it owns) binds the DAG there;
   * NotFoundError otherwise, before any call about the DAG itself goes
   * upstream. A binding by id needs no upstream call; a binding by tag is
   * checked against the environment's cached list of the tagged DAGs, the one
   * the entity page reads.
   */
  async resolveEntityDag(
    ref: EntityDagRef,
    credentials: BackstageCredentials,
  ): Promise<EntityDag> {
    const { environment, adapter } = await this.bound(ref, credentials);
    return { environment, adapter };
  }

  /** `resolveEntityDag`, with the environment's cache generation for the reads' keys. */
  private async bound(
    ref: EntityDagRef,
    credentials: BackstageCredentials,
  ): Promise<EntityDag & { generation: string }> {
    const environment = this.registry.get(ref.environment);
    const [resolved, generation] = await Promise.all([
      resolveEntity(
        this.catalog,
        ref.entity,
        credentials,
        this.mayReadEntities,
        ref.known,
      ),
      this.generations.current(ref.environment),
    ]);
    const binding = bindingsByEnvironment(resolved.boundEntities).find(
      b => b.environment === ref.environment,
    );
    if (binding) {
      const adapter = await environment.adapter();
      const refs = await this.dags.boundRefsOfDag(
        ref.environment,
        generation,
        adapter,
        binding,
        ref.dagId,
      );
      if (refs.length > 0) {
        return { environment, adapter, generation };
      }
    }
    throw new NotFoundError(
      `DAG "${ref.dagId}" in environment "${ref.environment}" is not bound to ${resolved.entityRef}`,
    );
  }

  // Deployment checks, the grid, DAG versions and Airflow's event log

  /**
   * DAG ids `binding` names that Airflow does not list, each with the import
   * errors that may explain it (see ./deploymentChecks.ts). Reading the
   * import errors or a DAG's facts may fail without failing the page.
   */
  private async missingDags(
    binding: EnvironmentBinding,
    adapter: AirflowApiAdapter,
    listed: string[],
  ): Promise<AirflowMissingDag[]> {
    const missing = missingDagIds(binding, listed);
    if (missing.length === 0) {
      return [];
    }
    const name = binding.environment;
    const [errors, facts] = await Promise.all([
      this.loader
        .load(`import-errors-all:${name}`, this.settings.healthTtlSeconds, () =>
          readAllImportErrors(adapter),
        )
        .catch(() => [] as AirflowImportError[]),
      // A DAG Airflow still has as stale names the file it came from.
      Promise.all(
        missing.map(id => this.getDagFacts(name, id).catch(() => undefined)),
      ),
    ]);
    return missing.map((id, i) =>
      toMissingDag(
        binding,
        id,
        importErrorsOfMissingDag(id, facts[i]?.fileloc, errors),
      ),
    );
  }

  /**
   * The status with how many DAG ids, bound by id by any catalog entity,
   * the environment does not list. Left out when it cannot be worked out
   * (no credentials of its own, catalog or Airflow failing, unreachable).
   */
  private async withMissingDagCount(
    status: AirflowEnvironmentStatus,
  ): Promise<AirflowEnvironmentStatus> {
    const auth = this.auth;
    if (!auth || status.status === 'unreachable' || status.stale) {
      return status;
    }
    try {
      const bindings = await this.loader.load(
        'deployment-bindings',
        this.settings.dagsTtlSeconds,
        () => readCatalogDagIdBindings(this.catalog, auth),
      );
      const bound = bindings[status.name] ?? [];
      if (bound.length === 0) {
        return { ...status, missingDagCount: 0 };
      }
      const [adapter, generation] = await Promise.all([
        this.registry.get(status.name).adapter(),
        this.generations.current(status.name),
      ]);
      const dags = await this.dags.listEnvironmentDags(
        status.name,
        generation,
        adapter,
      );
      return { ...status, missingDagCount: countMissing(bound, dags) };
    } catch {
      return status;
    }
  }

  /**
   * Airflow's grid: the DAG's `runLimit` newest runs (the runs route's
   * cached page) and all their task instances in one batch call (more only
   * past 100 task instances), through the same binding check and cache.
   */
  async getDagGrid(
    ref: EntityDagRef,
    runLimit: number,
    credentials: BackstageCredentials,
  ): Promise<AirflowDagGrid> {
    const runs = await this.listDagRuns(
      ref,
      { limit: runLimit, offset: 0 },
      credentials,
    );
    const { adapter, generation } = await this.bound(ref, credentials);
    const runIds = runs.items.map(run => run.runId);
    if (runIds.length === 0) {
      return { runs: [], taskInstances: [] };
    }
    const read = await this.loader.load(
      `grid-tasks:${ref.environment}:${generation}:${keyOf([
        ref.dagId,
        runIds,
      ])}`,
      this.settings.runsTtlSeconds,
      () => readGridTaskInstances(adapter, ref.dagId, runIds),
    );
    return { runs: runs.items, ...read };
  }

  /** The DAG's versions, newest first; `supported: false` on Airflow 2. */
  async listDagVersions(
    ref: EntityDagRef,
    page: PageRequest,
    credentials: BackstageCredentials,
  ): Promise<AirflowDagVersionsResponse> {
    const { adapter, generation } = await this.bound(ref, credentials);
    // Wrapped, so that "this API has none" is cached too.
    const { versions } = await this.loader.load(
      `dag-versions:${ref.environment}:${generation}:${keyOf([
        ref.dagId,
        page,
      ])}`,
      this.settings.dagsTtlSeconds,
      async () => ({
        versions: (await adapter.listDagVersions(ref.dagId, page)) ?? null,
      }),
    );
    if (!versions) {
      return {
        supported: false,
        reason: `DAG versions are not supported by Airflow 2: environment "${ref.environment}" speaks API v1`,
        items: [],
        totalEntries: 0,
      };
    }
    return {
      supported: true,
      items: versions.items,
      totalEntries: versions.totalEntries,
    };
  }

  /** A page of Airflow's event log of the DAG, newest first, `extra` redacted before it is cached. */
  async listEventLog(
    ref: EntityDagRef,
    page: PageRequest,
    credentials: BackstageCredentials,
  ): Promise<AirflowPage<AirflowEventLogEntry>> {
    const { adapter, generation } = await this.bound(ref, credentials);
    return this.loader.load(
      `event-log:${ref.environment}:${generation}:${keyOf([ref.dagId, page])}`,
      this.settings.runsTtlSeconds,
      async () => {
        const found = await adapter.listEventLog(ref.dagId, page);
        return { ...found, items: found.items.map(redactEventLogEntry) };
      },
    );
  }
}

/** The task instances of the grid's runs: one batch call, more pages only past 100. */
async function readGridTaskInstances(
  adapter: AirflowApiAdapter,
  dagId: string,
  runIds: string[],
): Promise<{
  taskInstances: AirflowTaskInstance[];
  taskInstancesPartial?: boolean;
}> {
  const first = await adapter.listTaskInstancesOfRuns(dagId, runIds, {
    limit: PAGE_SIZE,
    offset: 0,
  });
  const pageSize = Math.max(1, Math.min(PAGE_SIZE, first.items.length));
  const offsets: number[] = [];
  for (
    let offset = first.items.length;
    offset < first.totalEntries &&
    first.items.length > 0 &&
    offsets.length < MAX_GRID_TASK_PAGES - 1;
    offset += pageSize
  ) {
    offsets.push(offset);
  }
  const rest = await Promise.all(
    offsets.map(offset =>
      adapter.listTaskInstancesOfRuns(dagId, runIds, {
        limit: pageSize,
        offset,
      }),
    ),
  );
  const taskInstances = [first, ...rest].flatMap(page => page.items);
  return taskInstances.length < first.totalEntries
    ? { taskInstances, taskInstancesPartial: true }
    : { taskInstances };
}

/** Enough for any real environment; more is cut (and the cut ones shown to no one but operators). */
const MAX_IMPORT_ERROR_PAGES = 20;

/** Every import error, a page at a time (Airflow caps pages at 100). */
async function readAllImportErrors(
  adapter: AirflowApiAdapter,
): Promise<AirflowImportError[]> {
  const first = await adapter.listImportErrors({ limit: PAGE_SIZE, offset: 0 });
  const pageSize = Math.max(1, Math.min(PAGE_SIZE, first.items.length));
  const offsets: number[] = [];
  for (
    let offset = first.items.length;
    offset < first.totalEntries &&
    first.items.length > 0 &&
    offsets.length < MAX_IMPORT_ERROR_PAGES - 1;
    offset += pageSize
  ) {
    offsets.push(offset);
  }
  const rest = await Promise.all(
    offsets.map(offset =>
      adapter.listImportErrors({ limit: pageSize, offset }),
    ),
  );
  return [first, ...rest].flatMap(page => page.items);
}
