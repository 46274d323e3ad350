import type {
  AirflowApproval,
  AirflowBackfill,
  AirflowPage,
  ApprovalCountsResponse,
  BackfillPreview,
  BackfillSpec,
  EntityApprovalsResponse,
  EnvironmentApprovals,
} from '@airflow-portal/plugin-airflow-common';
import type {
  BackstageCredentials,
  CacheService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import { isError } from '@backstage/errors';
import type { PageRequest } from '../api/AirflowApiAdapter';
import type { V2Approvals } from '../api/v2Approvals';
import { DEFAULT_CACHE_SETTINGS } from '../config/schema';
import type { CacheSettings } from '../config/types';
import type { EnvironmentRegistry } from '../environments/EnvironmentRegistry';
import { toErrorInfo } from '../transport/errors';
import type { AirflowService, EntityDagRef } from './AirflowService';
import { CacheGenerations } from './CacheGenerations';
import { CachedLoader, keyOf } from './CachedLoader';
import type { ReadEntity } from './entityBindings';

/** Airflow's page size cap. */
const PAGE_SIZE = 100;
/** Pending approvals of one environment read at most (5 pages): more is a backlog nobody answers from a portal. */
const MAX_PENDING_PAGES = 5;

export interface ApprovalsAndBackfillsReaderOptions {
  environments: EnvironmentRegistry;
  /** The entity's bound DAGs (cached) and the binding check of a DAG. */
  service: Pick<AirflowService, 'getEntityDags' | 'resolveEntityDag'>;
  cache: CacheService;
  logger: LoggerService;
  cacheSettings?: CacheSettings;
}

/** Every pending approval of one environment, as cached (shared by every entity and the overview). */
interface PendingApprovals {
  supported: boolean;
  approvals: AirflowApproval[];
  total: number;
}

/**
 * The reads of approvals and backfills, through the same cache and
 * coalescing as every other read: one upstream listing of the pending
 * approvals per environment (Airflow's `~` form, all DAGs), cached with the
 * runs' TTL and shared by every entity page, team page and the overview;
 * each entity keeps the approvals of the DAGs it binds. The keys carry the
 * environment's cache generation, so an answer or a backfill action shows
 * at once.
 */
export class ApprovalsAndBackfillsReader {
  private readonly loader: CachedLoader;
  private readonly generations: CacheGenerations;
  private readonly settings: CacheSettings;

  constructor(private readonly options: ApprovalsAndBackfillsReaderOptions) {
    this.settings = options.cacheSettings ?? DEFAULT_CACHE_SETTINGS;
    this.loader = new CachedLoader(options.cache, options.logger);
    // The same generations (kept in the cache service) as AirflowService's.
    this.generations = new CacheGenerations(
      options.cache,
      options.logger,
      Math.max(this.settings.dagsTtlSeconds, this.settings.runsTtlSeconds),
    );
  }

  /** Pending approvals of the DAGs the entity (a Group: what it owns) binds; environments fail independently. */
  async entityApprovals(
    ref: CompoundEntityRef,
    credentials: BackstageCredentials,
    known?: ReadEntity,
  ): Promise<EntityApprovalsResponse> {
    const dags = await this.options.service.getEntityDags(
      ref,
      credentials,
      known,
    );
    const environments = await Promise.all(
      dags.environments.map(async (bound): Promise<EnvironmentApprovals> => {
        const { environment } = bound;
        if (bound.error) {
          return {
            environment,
            supported: true,
            approvals: [],
            error: bound.error,
          };
        }
        const ids = new Set(bound.dags.map(d => d.dagId));
        if (ids.size === 0) {
          return { environment, supported: true, approvals: [] };
        }
        try {
          const pending = await this.pending(environment);
          return {
            environment,
            supported: pending.supported,
            approvals: pending.approvals.filter(a => ids.has(a.dagId)),
          };
        } catch (error) {
          return {
            environment,
            supported: true,
            approvals: [],
            error: toErrorInfo(error),
          };
        }
      }),
    );
    return { entityRef: dags.entityRef, environments };
  }

  /** How many approvals wait in each environment (the ops overview). */
  async approvalCounts(): Promise<ApprovalCountsResponse> {
    const environments = await Promise.all(
      this.options.environments.list().map(async ({ name }) => {
        try {
          const pending = await this.pending(name);
          return pending.supported
            ? { environment: name, supported: true, pending: pending.total }
            : { environment: name, supported: false };
        } catch (error) {
          return {
            environment: name,
            supported: true,
            error: toErrorInfo(error),
          };
        }
      }),
    );
    return { environments };
  }

  async listBackfills(
    ref: EntityDagRef,
    page: PageRequest,
    credentials: BackstageCredentials,
  ): Promise<AirflowPage<AirflowBackfill>> {
    const { adapter } = await this.options.service.resolveEntityDag(
      ref,
      credentials,
    );
    const generation = await this.generations.current(ref.environment);
    return this.loader.load(
      `backfills:${ref.environment}:${generation}:${keyOf([ref.dagId, page])}`,
      this.settings.runsTtlSeconds,
      () => adapter.backfills.list(ref.dagId, page),
    );
  }

  /** Airflow's dry run: what the backfill would create. Coalesced, not cached (the runs change). */
  async previewBackfill(
    ref: EntityDagRef,
    spec: BackfillSpec,
    credentials: BackstageCredentials,
  ): Promise<BackfillPreview> {
    const { adapter } = await this.options.service.resolveEntityDag(
      ref,
      credentials,
    );
    return this.loader.coalesce(
      `backfill-preview:${ref.environment}:${keyOf([ref.dagId, spec])}`,
      () => adapter.backfills.dryRun(ref.dagId, spec),
    );
  }

  private async pending(environment: string): Promise<PendingApprovals> {
    const env = this.options.environments.get(environment);
    const generation = await this.generations.current(environment);
    return this.loader.load(
      `approvals:${environment}:${generation}`,
      this.settings.runsTtlSeconds,
      async () => {
        const adapter = await env.adapter();
        try {
          return await readPending(adapter.approvals);
        } catch (error) {
          // Airflow 2, or an Airflow 3 before 3.1: cached like an answer.
          if (isError(error) && error.name === 'NotImplementedError') {
            return { supported: false, approvals: [], total: 0 };
          }
          throw error;
        }
      },
    );
  }
}

async function readPending(approvals: V2Approvals): Promise<PendingApprovals> {
  const first = await approvals.listPending({ limit: PAGE_SIZE, offset: 0 });
  const items = [...first.items];
  for (
    let page = 1;
    page < MAX_PENDING_PAGES && page * PAGE_SIZE < first.totalEntries;
    page++
  ) {
    const next = await approvals.listPending({
      limit: PAGE_SIZE,
      offset: page * PAGE_SIZE,
    });
    items.push(...next.items);
  }
  return { supported: true, approvals: items, total: first.totalEntries };
}
