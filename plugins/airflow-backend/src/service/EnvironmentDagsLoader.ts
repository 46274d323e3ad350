import type {
  AirflowDag,
  AirflowDagRun,
  AirflowDagWithRuns,
} from '@airflow-portal/plugin-airflow-common';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  AirflowApiAdapter,
  LatestRunsBatch,
} from '../api/AirflowApiAdapter';
import type { CachedLoader } from './CachedLoader';
import { keyOf } from './CachedLoader';
import type { CacheSettings } from '../config/types';
import { BoundedMemo } from './BoundedMemo';
import { RecentValues } from './RecentValues';
import { chunk } from './chunk';
import { dagIdPatternFor } from './dagIdPattern';
import { boundRefsOf, EnvironmentBinding } from './entityBindings';

/** Airflow's page size cap (`[api] maximum_page_limit`, default 100) and the batch id limit we use. */
export const PAGE_SIZE = 100;
/** How many runs each DAG shows on the entity page. */
export const LATEST_RUNS_PER_DAG = 5;
/** Protects Airflow from a binding (e.g. a very common tag) that matches thousands of DAGs. */
const MAX_DAG_PAGES = 20;
/** Distinct id sets whose list pattern is kept (a few per bound entity and group). */
const MAX_KEPT_PATTERNS = 1000;
/** Parsed DAG lists and latest-runs batches kept in memory (a few per environment and binding). */
const MAX_KEPT_VALUES = 500;

interface DagListQuery {
  tags?: string[];
  dagIdPattern?: string;
}

/**
 * Reads the DAGs an environment binding selects, with their latest runs.
 * Upstream cost for N bound DAGs: ⌈N/100⌉ DAG list pages (tags, or an id
 * pattern, see ./dagIdPattern.ts) plus ⌈N/100⌉ batch run queries. Every call
 * goes through the cache and joins identical in-flight calls. `generation`
 * (see ./CacheGenerations.ts) is part of every cache key.
 */
export class EnvironmentDagsLoader {
  /**
   * The id pattern of a set of bound ids (sorted, as JSON): the same for
   * every caller, and a longest-common-substring search each time otherwise.
   */
  private readonly patterns = new BoundedMemo(
    ids => dagIdPatternFor(JSON.parse(ids) as string[]),
    MAX_KEPT_PATTERNS,
  );

  /** Parsed answers in front of the cache service, see ./RecentValues.ts. */
  private readonly recent: RecentValues;

  constructor(
    private readonly loader: CachedLoader,
    private readonly settings: CacheSettings,
    private readonly logger: LoggerService,
    recent?: RecentValues,
  ) {
    this.recent = recent ?? new RecentValues(MAX_KEPT_VALUES);
  }

  /** Read through the in-memory values, then the cache service, then Airflow. */
  private load<T>(
    key: string,
    ttlSeconds: number,
    loader: () => Promise<T>,
  ): Promise<T> {
    return this.recent.through(key, ttlSeconds, () =>
      this.loader.load(key, ttlSeconds, loader),
    );
  }

  async loadBoundDags(
    environment: string,
    generation: string,
    adapter: AirflowApiAdapter,
    binding: EnvironmentBinding,
  ): Promise<AirflowDagWithRuns[]> {
    const dags = await this.listBoundDags(
      environment,
      generation,
      adapter,
      binding,
    );
    const runsByDag = await this.latestRunsByDag(
      environment,
      generation,
      adapter,
      dags.map(d => d.dagId),
    );
    return dags.map(dag => {
      const batch = runsByDag.get(dag.dagId);
      const latestRuns = batch?.runs ?? [];
      return {
        ...dag,
        latestRuns,
        boundEntityRefs: boundRefsOf(binding, dag.dagId, dag.tags),
        latestRunsPartial:
          latestRuns.length < LATEST_RUNS_PER_DAG && batch?.truncated === true,
      };
    });
  }

  /** The entities that bind `dagId` in this environment; empty when none does. */
  async boundRefsOfDag(
    environment: string,
    generation: string,
    adapter: AirflowApiAdapter,
    binding: EnvironmentBinding,
    dagId: string,
  ): Promise<string[]> {
    const byId = binding.dagIds.get(dagId);
    if (byId || binding.dagTags.size === 0) {
      // Tag bindings may add refs, but one ref is enough to allow access.
      return byId ?? [];
    }
    // Same cached list as the entity page, so this is usually free.
    const tagged = await this.listAll(environment, generation, adapter, {
      tags: sorted(binding.dagTags.keys()),
    });
    const dag = tagged.find(d => d.dagId === dagId);
    return dag ? boundRefsOf(binding, dag.dagId, dag.tags) : [];
  }

  /** Every active DAG of the environment (the same page cap as any list). */
  listEnvironmentDags(
    environment: string,
    generation: string,
    adapter: AirflowApiAdapter,
  ): Promise<AirflowDag[]> {
    return this.listAll(environment, generation, adapter, {});
  }

  private async listBoundDags(
    environment: string,
    generation: string,
    adapter: AirflowApiAdapter,
    binding: EnvironmentBinding,
  ): Promise<AirflowDag[]> {
    const found = new Map<string, AirflowDag>();
    if (binding.dagTags.size > 0) {
      const tagged = await this.listAll(environment, generation, adapter, {
        tags: sorted(binding.dagTags.keys()),
      });
      for (const dag of tagged) {
        if (dag.tags.some(tag => binding.dagTags.has(tag))) {
          found.set(dag.dagId, dag);
        }
      }
    }
    const missingIds = sorted(binding.dagIds.keys()).filter(
      id => !found.has(id),
    );
    if (missingIds.length > 0) {
      const wanted = new Set(missingIds);
      const matches = await this.listAll(environment, generation, adapter, {
        dagIdPattern: this.patterns.get(JSON.stringify(missingIds)),
      });
      for (const dag of matches) {
        if (wanted.has(dag.dagId)) {
          found.set(dag.dagId, dag);
        }
      }
    }
    return Array.from(found.values()).sort((a, b) =>
      a.dagId.localeCompare(b.dagId),
    );
  }

  /** Every DAG matching the query: the first page, then the rest concurrently. */
  private listAll(
    environment: string,
    generation: string,
    adapter: AirflowApiAdapter,
    query: DagListQuery,
  ): Promise<AirflowDag[]> {
    return this.load(
      `dags:${environment}:${generation}:${keyOf(query)}`,
      this.settings.dagsTtlSeconds,
      async () => {
        const first = await adapter.listDags({
          ...query,
          limit: PAGE_SIZE,
          offset: 0,
        });
        // A server with a lower maximum_page_limit returns shorter pages.
        const pageSize = Math.max(1, Math.min(PAGE_SIZE, first.items.length));
        const total = first.totalEntries;
        const offsets: number[] = [];
        for (
          let offset = first.items.length;
          offset < total && first.items.length > 0;
          offset += pageSize
        ) {
          offsets.push(offset);
        }
        if (offsets.length + 1 > MAX_DAG_PAGES) {
          this.logger.warn(
            `Airflow environment "${environment}": ${total} DAGs match ${JSON.stringify(
              query,
            )}; reading the first ${MAX_DAG_PAGES * pageSize}`,
          );
          offsets.length = MAX_DAG_PAGES - 1;
        }
        const rest = await Promise.all(
          offsets.map(offset =>
            adapter.listDags({ ...query, limit: pageSize, offset }),
          ),
        );
        const unique = new Map<string, AirflowDag>();
        for (const page of [first, ...rest]) {
          for (const dag of page.items) {
            unique.set(dag.dagId, dag);
          }
        }
        return Array.from(unique.values());
      },
    );
  }

  /**
   * Latest runs for many DAGs with one batch call per 100 DAGs. The batch
   * returns the newest runs across its DAGs, so a busy DAG can crowd out the
   * others; such DAGs are marked `latestRunsPartial`.
   */
  private async latestRunsByDag(
    environment: string,
    generation: string,
    adapter: AirflowApiAdapter,
    dagIds: string[],
  ): Promise<Map<string, LatestRunsOfDag>> {
    const chunks = chunk(dagIds, PAGE_SIZE);
    const batches = await Promise.all(
      chunks.map(ids =>
        this.load<LatestRunsBatch>(
          `latest-runs:${environment}:${generation}:${keyOf(ids)}`,
          this.settings.runsTtlSeconds,
          () => adapter.listLatestRuns(ids, PAGE_SIZE),
        ),
      ),
    );
    const result = new Map<string, LatestRunsOfDag>();
    chunks.forEach((ids, i) => {
      const batch = batches[i];
      // Runs beyond the batch page may belong to DAGs that show fewer runs.
      const truncated = batch.totalEntries > batch.runs.length;
      for (const id of ids) {
        result.set(id, { runs: [], truncated });
      }
      for (const run of batch.runs) {
        const entry = result.get(run.dagId);
        if (entry && entry.runs.length < LATEST_RUNS_PER_DAG) {
          entry.runs.push(run);
        }
      }
    });
    return result;
  }
}

interface LatestRunsOfDag {
  /** Newest first. */
  runs: AirflowDagRun[];
  truncated: boolean;
}

function sorted(values: Iterable<string>): string[] {
  return Array.from(values).sort();
}
