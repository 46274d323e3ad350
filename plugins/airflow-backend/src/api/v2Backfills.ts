import type {
  AirflowBackfill,
  AirflowPage,
  BackfillAction,
  BackfillPreview,
  BackfillReprocessBehavior,
  BackfillSpec,
} from '@airflow-portal/plugin-airflow-common';
import type { PageRequest, WriteResult } from './AirflowApiAdapter';
import {
  bool,
  type JsonObject,
  malformed,
  optNumber,
  optString,
  readCollection,
  readObject,
} from './readers';
import { assertAirflow3, type RestCalls } from './restCalls';
import { upstreamPath } from './upstreamPath';

const FEATURE = 'Backfills';

const REPROCESS: BackfillReprocessBehavior[] = ['none', 'failed', 'completed'];

/**
 * Backfills through Airflow 3's REST API (`/backfills`, `BackfillPostBody`,
 * `BackfillResponse`). Every path is short (ids are integers), so they work
 * through MWAA too.
 */
export class V2Backfills {
  constructor(private readonly calls: RestCalls) {}

  async list(
    dagId: string,
    request: PageRequest,
  ): Promise<AirflowPage<AirflowBackfill>> {
    assertAirflow3(this.calls, FEATURE);
    const body = await this.calls.get('/backfills', {
      dag_id: dagId,
      limit: request.limit,
      offset: request.offset,
      order_by: ['-id'],
    });
    const { items, totalEntries } = readCollection(
      body,
      'backfills',
      this.calls.environment,
    );
    return {
      items: items.flatMap(
        item => mapBackfill(item, this.calls.environment) ?? [],
      ),
      totalEntries,
      offset: request.offset,
      limit: request.limit,
    };
  }

  async get(backfillId: number): Promise<AirflowBackfill> {
    assertAirflow3(this.calls, FEATURE);
    return this.toBackfill(
      await this.calls.get(upstreamPath`/backfills/${backfillId}`),
    );
  }

  /** `POST /backfills/dry_run`: the runs the backfill would create; nothing is created. */
  async dryRun(dagId: string, spec: BackfillSpec): Promise<BackfillPreview> {
    assertAirflow3(this.calls, FEATURE);
    // A POST that changes nothing: sent once, like a write (never retried).
    const answer = await this.calls.write(
      'POST',
      '/backfills/dry_run',
      postBody(dagId, spec),
    );
    const { items, totalEntries } = readCollection(
      answer.body,
      'backfills',
      this.calls.environment,
    );
    return {
      runs: items.map(item => ({
        logicalDate: optString(item.logical_date) ?? null,
      })),
      totalEntries,
    };
  }

  async create(
    dagId: string,
    spec: BackfillSpec,
  ): Promise<WriteResult<AirflowBackfill>> {
    assertAirflow3(this.calls, FEATURE);
    const answer = await this.calls.write(
      'POST',
      '/backfills',
      postBody(dagId, spec),
    );
    return {
      value: this.toBackfill(answer.body),
      upstreamStatus: answer.status,
    };
  }

  /** `PUT /backfills/{id}/pause|unpause|cancel`. */
  async change(
    backfillId: number,
    action: BackfillAction,
  ): Promise<WriteResult<AirflowBackfill>> {
    assertAirflow3(this.calls, FEATURE);
    const answer = await this.calls.write(
      'PUT',
      `${upstreamPath`/backfills/${backfillId}`}/${action}`,
      undefined,
    );
    return {
      value: this.toBackfill(answer.body),
      upstreamStatus: answer.status,
    };
  }

  private toBackfill(body: unknown): AirflowBackfill {
    const backfill = mapBackfill(
      readObject(body, this.calls.environment),
      this.calls.environment,
    );
    if (!backfill) {
      throw malformed(
        this.calls.environment,
        'a backfill without id or dag_id',
      );
    }
    return backfill;
  }
}

/** `BackfillPostBody` (additionalProperties false: only its own keys). */
function postBody(dagId: string, spec: BackfillSpec) {
  return {
    dag_id: dagId,
    from_date: spec.fromDate,
    to_date: spec.toDate,
    run_backwards: spec.runBackwards ?? false,
    reprocess_behavior: spec.reprocessBehavior ?? 'none',
    max_active_runs: spec.maxActiveRuns ?? 10,
  };
}

export function mapBackfill(
  item: JsonObject,
  environment: string,
): AirflowBackfill | undefined {
  const id = optNumber(item.id);
  const dagId = optString(item.dag_id);
  if (id === undefined || !dagId) {
    return undefined;
  }
  const reprocess = optString(item.reprocess_behavior);
  return {
    id,
    environment,
    dagId,
    fromDate: optString(item.from_date) ?? '',
    toDate: optString(item.to_date) ?? '',
    isPaused: bool(item.is_paused, false),
    reprocessBehavior: REPROCESS.includes(
      reprocess as BackfillReprocessBehavior,
    )
      ? (reprocess as BackfillReprocessBehavior)
      : 'none',
    maxActiveRuns: optNumber(item.max_active_runs) ?? 10,
    createdAt: optString(item.created_at) ?? '',
    completedAt: optString(item.completed_at),
    updatedAt: optString(item.updated_at),
  };
}
