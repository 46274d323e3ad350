import type { AirflowApiVersion } from '@airflow-portal/plugin-airflow-common';
import { UpstreamError } from '../transport/errors';
import { FakeApprovalsAndBackfills } from './fakeApprovalsAndBackfills';
import type {
  AirflowTransport,
  UpstreamRequest,
  UpstreamResponse,
} from '../transport/types';
import { answerRunAction } from './fakeRunActions';

export interface FakeDag {
  dagId: string;
  tags: string[];
  /** Airflow `owners`; default `['airflow']`. */
  owners?: string[];
  /** Number of runs, one per hour back from `lastRunAt`. */
  runs: number;
  /** Default 2025-01-01T00:00:00Z. */
  lastRunAt?: string;
  /** State of the seeded runs, default `success`; `running` ones have no end date. */
  runState?: 'success' | 'failed' | 'running';
  isPaused?: boolean;
  /** Runs added by `addTriggeredRun`, oldest first. */
  triggered?: Record<string, unknown>[];
}

export interface RecordedCall {
  apiVersion: AirflowApiVersion;
  method: string;
  path: string;
  query?: UpstreamRequest['query'];
  body?: unknown;
}

/**
 * An in-memory Airflow 3 (/api/v2) for the backend's tests: it answers the
 * reads and writes the adapters make with spec-shaped bodies, records every
 * call, and can be slowed down or failed (`failWith` for every call,
 * `failPaths` for some paths). A trigger takes the run id it is given once
 * (again: 409, as Airflow's unique constraint); triggered runs and paused
 * flags show in later reads. Tests that need a real Airflow's behaviour use
 * the simulator (./simulatorStack.ts).
 */
export class FakeAirflowTransport implements AirflowTransport {
  readonly kind = 'jwt' as const;
  readonly calls: RecordedCall[] = [];
  /** Runs started by triggers, by run id. */
  readonly runs = new Map<string, Record<string, unknown>>();
  /** The last paused flag set by a PATCH, by DAG id. */
  readonly paused = new Map<string, boolean>();
  /** How many triggers started a run. */
  triggered = 0;
  delayMs = 0;
  failWith?: UpstreamError;
  failPaths = new Map<string, UpstreamError>();
  health: unknown = {
    metadatabase: { status: 'healthy' },
    scheduler: {
      status: 'healthy',
      latest_scheduler_heartbeat: '2025-01-01T00:00:00Z',
    },
    triggerer: { status: null, latest_triggerer_heartbeat: null },
    dag_processor: null,
  };

  /**
   * Import errors (`filename` and `stack_trace` are enough) answered a page
   * at a time; while unset, an empty page with a total of 2.
   */
  importErrors?: { filename: string; stack_trace: string }[];

  /** Human-in-the-loop details and backfills (Airflow 3). */
  readonly hitlAndBackfills = new FakeApprovalsAndBackfills((status, detail) =>
    this.fail(status, detail),
  );
  /** Task ids every run has in the batch task-instance list; none by default. */
  taskIds: string[] = [];

  /** Airflow's event log (v2 `EventLogResponse` items), answered filtered by `dag_id`. */
  eventLogs: Record<string, unknown>[] = [];

  constructor(readonly environment: string, readonly dags: FakeDag[]) {}

  async detectApiVersion(): Promise<AirflowApiVersion> {
    this.calls.push({ apiVersion: 'v2', method: 'GET', path: '/version' });
    await this.pause();
    return 'v2';
  }

  async request(
    apiVersion: AirflowApiVersion,
    req: UpstreamRequest,
  ): Promise<UpstreamResponse> {
    this.calls.push({
      apiVersion,
      method: req.method,
      path: req.path,
      query: req.query,
      body: req.body,
    });
    await this.pause();
    const failure = this.failWith ?? this.failPaths.get(req.path);
    if (failure) {
      throw failure;
    }
    return { status: 200, body: this.answer(req) };
  }

  private async pause() {
    if (this.delayMs > 0) {
      await new Promise(resolve => setTimeout(resolve, this.delayMs));
    }
  }

  private fail(status: number, detail: string): never {
    throw new UpstreamError(`Airflow answered ${status}`, {
      environment: this.environment,
      kind: 'http',
      status,
      detail,
    });
  }

  private notFound(detail: string): never {
    return this.fail(404, detail);
  }

  private dag(segment: string): FakeDag {
    const dag = this.dags.find(d => d.dagId === decodeURIComponent(segment));
    return dag ?? this.notFound('DAG not found');
  }

  /** `POST /dags/{dag_id}/dagRuns`, `PATCH /dags/{dag_id}`: undefined for other calls. */
  private write(req: UpstreamRequest): { answer: unknown } | undefined {
    const trigger = /^\/dags\/([^/]+)\/dagRuns$/.exec(req.path);
    if (trigger && req.method === 'POST') {
      const dag = this.dag(trigger[1]);
      const body = req.body as Record<string, unknown>;
      const runId = String(body.dag_run_id);
      if (this.runs.has(runId)) {
        this.fail(409, 'Unique constraint violation');
      }
      this.triggered++;
      const run = addTriggeredRun(dag, runId, body.conf);
      run.logical_date = body.logical_date ?? null;
      this.runs.set(runId, run);
      return { answer: run };
    }
    const pause = /^\/dags\/([^/]+)$/.exec(req.path);
    if (pause && req.method === 'PATCH') {
      const dag = this.dag(pause[1]);
      dag.isPaused = Boolean((req.body as { is_paused: boolean }).is_paused);
      this.paused.set(dag.dagId, dag.isPaused);
      return { answer: dagResponse(dag) };
    }
    return undefined;
  }

  private answer(req: UpstreamRequest): unknown {
    const written =
      this.write(req) ??
      this.hitlAndBackfills.answer(req) ??
      answerRunAction(req, (dagId, runId) => this.run(dagId, runId));
    if (written) {
      return written.answer;
    }
    const path = req.path;
    const query = req.query ?? {};
    if (path === '/monitor/health') {
      return this.health;
    }
    if (path === '/version') {
      return { version: '3.0.6', git_version: null };
    }
    if (path === '/importErrors') {
      if (!this.importErrors) {
        return { import_errors: [], total_entries: 2 };
      }
      const offset = Number(query.offset ?? 0);
      const limit = Number(query.limit ?? 100);
      return {
        import_errors: this.importErrors
          .slice(offset, offset + limit)
          .map((error, i) => ({ import_error_id: offset + i + 1, ...error })),
        total_entries: this.importErrors.length,
      };
    }
    if (path === '/dags') {
      return this.listDags(query);
    }
    if (path === '/dags/~/dagRuns' && req.method === 'GET') {
      return this.allRuns(query);
    }
    if (path === '/dags/~/dagRuns/list' && req.method === 'POST') {
      return this.batchRuns(req.body as Record<string, unknown>);
    }
    if (
      path === '/dags/~/dagRuns/~/taskInstances/list' &&
      req.method === 'POST'
    ) {
      return this.batchTaskInstances(req.body as Record<string, unknown>);
    }
    if (path === '/eventLogs') {
      const entries = this.eventLogs.filter(
        entry => query.dag_id === undefined || entry.dag_id === query.dag_id,
      );
      const offset = Number(query.offset ?? 0);
      const limit = Number(query.limit ?? 50);
      return {
        event_logs: entries.slice(offset, offset + limit),
        total_entries: entries.length,
      };
    }
    const versionsMatch = /^\/dags\/([^/]+)\/dagVersions$/.exec(path);
    if (versionsMatch) {
      const dag = this.dag(versionsMatch[1]);
      return {
        dag_versions: [
          {
            id: '0195d2a4-0000-7000-8000-000000000001',
            version_number: 1,
            dag_id: dag.dagId,
            bundle_name: 'dags-folder',
            bundle_version: null,
            created_at: '2025-01-01T00:00:00Z',
            dag_display_name: dag.dagId,
            bundle_url: null,
          },
        ],
        total_entries: 1,
      };
    }
    const detailsMatch = /^\/dags\/([^/]+)\/details$/.exec(path);
    if (detailsMatch) {
      const dag = this.dags.find(
        d => d.dagId === decodeURIComponent(detailsMatch[1]),
      );
      return dag
        ? {
            ...dagResponse(dag),
            doc_md: null,
            params: {
              region: {
                __class: 'airflow.sdk.definitions.param.Param',
                value: 'eu',
                description: null,
                schema: { type: 'string', enum: ['eu', 'us'] },
                source: null,
              },
            },
          }
        : this.notFound('DAG not found');
    }
    const runMatch = /^\/dags\/([^/]+)\/dagRuns\/([^/]+)$/.exec(path);
    if (runMatch && req.method === 'GET') {
      return this.run(
        decodeURIComponent(runMatch[1]),
        decodeURIComponent(runMatch[2]),
      );
    }
    const dagMatch = /^\/dags\/([^/]+)(\/dagRuns)?$/.exec(path);
    if (dagMatch) {
      const dag = this.dags.find(
        d => d.dagId === decodeURIComponent(dagMatch[1]),
      );
      if (!dag) {
        return this.notFound('DAG not found');
      }
      if (!dagMatch[2]) {
        return dagResponse(dag);
      }
      const runs = runsOf(dag);
      const limit = Number(query.limit ?? 50);
      const offset = Number(query.offset ?? 0);
      return {
        dag_runs: runs.slice(offset, offset + limit),
        total_entries: runs.length,
      };
    }
    if (/\/taskInstances$/.test(path)) {
      return { task_instances: [], total_entries: 0 };
    }
    if (/\/logs\/\d+$/.test(path)) {
      return {
        content: [{ event: 'done', timestamp: '2025-01-01T00:00:00Z' }],
        continuation_token: null,
      };
    }
    return this.notFound(`no route ${path}`);
  }

  /** A triggered or seeded run of a known DAG; 404 otherwise. */
  private run(dagId: string, runId: string): Record<string, unknown> {
    const triggered = this.runs.get(runId);
    if (triggered) return triggered;
    const dag = this.dags.find(d => d.dagId === dagId);
    const seeded = dag && runsOf(dag).find(r => r.dag_run_id === runId);
    return seeded ?? this.notFound('DAGRun not found');
  }

  /** `TaskInstancesBatchBody`: one instance of each of `taskIds` per requested run, a page at a time. */
  private batchTaskInstances(body: Record<string, unknown>) {
    const runIds = (body.dag_run_ids as string[] | undefined) ?? [];
    const dagId = ((body.dag_ids as string[] | undefined) ?? [])[0] ?? '';
    const all = runIds.flatMap(runId =>
      this.taskIds.map(taskId => ({
        task_id: taskId,
        dag_id: dagId,
        dag_run_id: runId,
        map_index: -1,
        state: 'success',
        try_number: 1,
      })),
    );
    const offset = Number(body.page_offset ?? 0);
    const limit = Number(body.page_limit ?? 100);
    return {
      task_instances: all.slice(offset, offset + limit),
      total_entries: all.length,
    };
  }

  private listDags(query: NonNullable<UpstreamRequest['query']>) {
    const limit = Math.min(Number(query.limit ?? 50), 100);
    const offset = Number(query.offset ?? 0);
    const tags =
      query.tags === undefined ? [] : ([] as unknown[]).concat(query.tags);
    const pattern =
      typeof query.dag_id_pattern === 'string'
        ? query.dag_id_pattern.toLowerCase()
        : undefined;
    const matching = this.dags.filter(
      dag =>
        (tags.length === 0 || dag.tags.some(t => tags.includes(t))) &&
        (!pattern || likeMatches(dag.dagId.toLowerCase(), pattern)),
    );
    return {
      dags: matching.slice(offset, offset + limit).map(dagResponse),
      total_entries: matching.length,
    };
  }

  /** `GET /dags/~/dagRuns` with `state`, `end_date_gte` and `limit`. */
  private allRuns(query: NonNullable<UpstreamRequest['query']>) {
    const states =
      query.state === undefined ? [] : ([] as unknown[]).concat(query.state);
    const since =
      typeof query.end_date_gte === 'string'
        ? Date.parse(query.end_date_gte)
        : undefined;
    const runs = this.dags
      .flatMap(runsOf)
      .filter(run => states.length === 0 || states.includes(run.state))
      .filter(
        run =>
          since === undefined ||
          (run.end_date !== null && Date.parse(run.end_date) >= since),
      );
    const limit = Number(query.limit ?? 50);
    return { dag_runs: runs.slice(0, limit), total_entries: runs.length };
  }

  private batchRuns(body: Record<string, unknown>) {
    const ids = new Set(body.dag_ids as string[]);
    const states = body.states as string[] | undefined;
    const limit = Math.min(Number(body.page_limit ?? 100), 100);
    const offset = Number(body.page_offset ?? 0);
    const runs = this.dags
      .filter(dag => ids.has(dag.dagId))
      .flatMap(runsOf)
      .filter(run => !states?.length || states.includes(run.state))
      .sort((a, b) => b.run_after.localeCompare(a.run_after));
    return {
      dag_runs: runs.slice(offset, offset + limit),
      total_entries: runs.length,
    };
  }
}

/** Adds a queued manual run (now) to the DAG's runs, as a trigger does; returns it. */
function addTriggeredRun(
  dag: FakeDag,
  runId: string,
  conf: unknown,
): Record<string, unknown> {
  const at = new Date().toISOString();
  const run = {
    ...runsOf({ ...dag, runs: 1, triggered: [] })[0],
    dag_run_id: runId,
    logical_date: null,
    queued_at: at,
    start_date: null,
    end_date: null,
    run_after: at,
    run_type: 'manual',
    state: 'queued',
    triggered_by: 'rest_api',
    conf: conf ?? {},
  };
  dag.triggered = [...(dag.triggered ?? []), run];
  return run;
}

/** SQL `ILIKE '%pattern%'` with `_` as a single-character wildcard. */
function likeMatches(value: string, pattern: string): boolean {
  const wildcards: Record<string, string> = { _: '.', '%': '.*' };
  const regex = pattern
    .split('')
    .map(c => wildcards[c] ?? c.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&'))
    .join('');
  return new RegExp(regex).test(value);
}

function dagResponse(dag: FakeDag) {
  return {
    dag_id: dag.dagId,
    dag_display_name: dag.dagId,
    is_paused: dag.isPaused ?? false,
    is_stale: false,
    last_parsed_time: '2025-01-01T00:00:00Z',
    last_parse_duration: null,
    last_expired: null,
    bundle_name: 'dags-folder',
    bundle_version: null,
    relative_fileloc: `${dag.dagId}.py`,
    fileloc: `/opt/airflow/dags/${dag.dagId}.py`,
    description: null,
    timetable_summary: '@hourly',
    timetable_description: 'At the start of every hour',
    tags: dag.tags.map(name => ({
      name,
      dag_id: dag.dagId,
      dag_display_name: dag.dagId,
    })),
    max_active_tasks: 16,
    max_active_runs: 16,
    max_consecutive_failed_dag_runs: 0,
    has_task_concurrency_limits: false,
    has_import_errors: false,
    next_dagrun_logical_date: null,
    next_dagrun_data_interval_start: null,
    next_dagrun_data_interval_end: null,
    next_dagrun_run_after: null,
    owners: dag.owners ?? ['airflow'],
    file_token: 'x',
  };
}

/** The DAG's runs, newest first: triggered ones, then the seeded ones. */
function runsOf(dag: FakeDag): Array<Record<string, any>> {
  const start = Date.parse(dag.lastRunAt ?? '2025-01-01T00:00:00Z');
  const state = dag.runState ?? 'success';
  const seeded = Array.from({ length: dag.runs }, (_, i) => {
    const at = new Date(start - i * 3_600_000).toISOString();
    return {
      dag_run_id: `scheduled__${at}`,
      dag_id: dag.dagId,
      logical_date: at,
      queued_at: at,
      start_date: at,
      end_date: state === 'running' ? null : at,
      duration: 1,
      data_interval_start: at,
      data_interval_end: at,
      run_after: at,
      last_scheduling_decision: null,
      run_type: 'scheduled',
      state,
      triggered_by: 'timetable',
      triggering_user_name: null,
      conf: {},
      note: null,
      dag_versions: [],
      bundle_version: null,
      dag_display_name: dag.dagId,
      partition_key: null,
    };
  });
  return [...(dag.triggered ?? [])].reverse().concat(seeded);
}
