import type { UpstreamRequest } from '../transport/types';

/** Who the fake Airflow says answered (the portal's Airflow user). */
export const FAKE_PORTAL_USER = { id: 'portal', name: 'portal' };

/** One pending approval of the fake Airflow. */
export interface FakeApproval {
  dagId: string;
  runId: string;
  taskId: string;
  mapIndex?: number;
  options?: string[];
  multiple?: boolean;
  /** Default: the portal's user. */
  assignedUsers?: { id: string; name: string }[];
  chosenOptions?: string[];
  respondedAt?: string;
}

/** One backfill of the fake Airflow. */
export interface FakeBackfill {
  id: number;
  dagId: string;
  fromDate: string;
  toDate: string;
  reprocessBehavior?: string;
  maxActiveRuns?: number;
  isPaused?: boolean;
  completedAt?: string | null;
}

type Fail = (status: number, detail: string) => never;

const AT = '2025-01-01T00:00:00Z';

/**
 * Human-in-the-loop details and backfills of the in-memory Airflow 3: the
 * `~` listing of hitlDetails, an answer (once; again 409; 403 when the
 * portal's user is not assigned), and `/backfills` with its dry run (one
 * run per day of the range), pause, unpause and cancel.
 */
export class FakeApprovalsAndBackfills {
  readonly approvals: FakeApproval[] = [];
  readonly backfills: FakeBackfill[] = [];
  /**
   * Airflow refuses a backfill while another of the DAG runs (409); the fake
   * has no scheduler to finish one, so it refuses only when told to.
   */
  oneRunningBackfillPerDag = false;

  constructor(private readonly fail: Fail) {}

  /** Forgets every answer: each approval waits again. */
  reopenApprovals() {
    for (const approval of this.approvals) {
      approval.chosenOptions = undefined;
      approval.respondedAt = undefined;
    }
  }

  /** The answer to `req`, or undefined when it is not one of these calls. */
  answer(req: UpstreamRequest): { answer: unknown } | undefined {
    const { path, method } = req;
    const query = req.query ?? {};
    if (path === '/dags/~/dagRuns/~/hitlDetails' && method === 'GET') {
      return { answer: this.listApprovals(query) };
    }
    const respond =
      /^\/dags\/([^/]+)\/dagRuns\/([^/]+)\/taskInstances\/([^/]+)\/(-?\d+)\/hitlDetails$/.exec(
        path,
      );
    if (respond && method === 'PATCH') {
      const [dagId, runId, taskId] = respond
        .slice(1, 4)
        .map(decodeURIComponent);
      return {
        answer: this.respond(
          { dagId, runId, taskId, mapIndex: Number(respond[4]) },
          req.body as { chosen_options: string[]; params_input?: unknown },
        ),
      };
    }
    if (path === '/backfills' && method === 'GET') {
      const items = this.backfills.filter(b => b.dagId === query.dag_id);
      return {
        answer: {
          backfills: items.map(backfillResponse),
          total_entries: items.length,
        },
      };
    }
    if (path === '/backfills/dry_run' && method === 'POST') {
      const body = req.body as Record<string, string>;
      const runs = daysOf(body.from_date, body.to_date).map(day => ({
        logical_date: day,
        partition_key: null,
        partition_date: null,
      }));
      return { answer: { backfills: runs, total_entries: runs.length } };
    }
    if (path === '/backfills' && method === 'POST') {
      return { answer: this.create(req.body as Record<string, unknown>) };
    }
    const one = /^\/backfills\/(\d+)(?:\/(pause|unpause|cancel))?$/.exec(path);
    if (one) {
      const backfill =
        this.backfills.find(b => b.id === Number(one[1])) ??
        this.fail(404, 'Backfill not found');
      if (one[2] && method === 'PUT') {
        if (backfill.completedAt) {
          this.fail(409, 'Backfill is already completed.');
        }
        if (one[2] === 'cancel') {
          backfill.completedAt = AT;
          backfill.isPaused = true;
        } else {
          backfill.isPaused = one[2] === 'pause';
        }
      }
      return { answer: backfillResponse(backfill) };
    }
    return undefined;
  }

  private listApprovals(query: NonNullable<UpstreamRequest['query']>) {
    const pending = query.response_received === false;
    const items = this.approvals.filter(
      a =>
        (!pending || !a.chosenOptions) &&
        (query.dag_id_pattern === undefined ||
          a.dagId.includes(String(query.dag_id_pattern))) &&
        (query.task_id === undefined || a.taskId === query.task_id),
    );
    return {
      hitl_details: items.map(hitlDetail),
      total_entries: items.length,
    };
  }

  private respond(
    key: Required<
      Pick<FakeApproval, 'dagId' | 'runId' | 'taskId' | 'mapIndex'>
    >,
    body: { chosen_options: string[]; params_input?: unknown },
  ) {
    const approval =
      this.approvals.find(
        a =>
          a.dagId === key.dagId &&
          a.runId === key.runId &&
          a.taskId === key.taskId &&
          (a.mapIndex ?? -1) === key.mapIndex,
      ) ?? this.fail(404, 'Human-in-the-loop detail not found');
    if (approval.chosenOptions) {
      this.fail(409, 'Human-in-the-loop detail has already been updated');
    }
    const assigned = approval.assignedUsers ?? [FAKE_PORTAL_USER];
    if (
      assigned.length > 0 &&
      !assigned.some(u => u.id === FAKE_PORTAL_USER.id)
    ) {
      this.fail(403, 'User is not allowed to respond');
    }
    approval.chosenOptions = body.chosen_options;
    approval.respondedAt = AT;
    return {
      responded_by: FAKE_PORTAL_USER,
      responded_at: AT,
      chosen_options: body.chosen_options,
      params_input: body.params_input ?? {},
    };
  }

  private create(body: Record<string, unknown>) {
    if (
      this.oneRunningBackfillPerDag &&
      this.backfills.some(b => b.dagId === body.dag_id && !b.completedAt)
    ) {
      this.fail(
        409,
        `There is already a running backfill for Dag ${body.dag_id}`,
      );
    }
    const backfill: FakeBackfill = {
      id: this.backfills.reduce((max, b) => Math.max(max, b.id), 0) + 1,
      dagId: String(body.dag_id),
      fromDate: String(body.from_date),
      toDate: String(body.to_date),
      reprocessBehavior: String(body.reprocess_behavior ?? 'none'),
      maxActiveRuns: Number(body.max_active_runs ?? 10),
    };
    this.backfills.push(backfill);
    return backfillResponse(backfill);
  }
}

function hitlDetail(a: FakeApproval) {
  return {
    options: a.options ?? ['Approve', 'Reject'],
    subject: `Approve ${a.dagId}?`,
    body: 'Please check the numbers.',
    defaults: null,
    multiple: a.multiple ?? false,
    params: {},
    assigned_users: a.assignedUsers ?? [FAKE_PORTAL_USER],
    created_at: AT,
    responded_by_user: a.chosenOptions ? FAKE_PORTAL_USER : null,
    responded_at: a.respondedAt ?? null,
    chosen_options: a.chosenOptions ?? null,
    params_input: {},
    response_received: Boolean(a.chosenOptions),
    task_instance: {
      dag_id: a.dagId,
      dag_run_id: a.runId,
      task_id: a.taskId,
      map_index: a.mapIndex ?? -1,
      state: a.chosenOptions ? 'success' : 'deferred',
    },
  };
}

function backfillResponse(b: FakeBackfill) {
  return {
    id: b.id,
    dag_id: b.dagId,
    from_date: b.fromDate,
    to_date: b.toDate,
    dag_run_conf: {},
    is_paused: b.isPaused ?? false,
    reprocess_behavior: b.reprocessBehavior ?? 'none',
    max_active_runs: b.maxActiveRuns ?? 10,
    created_at: AT,
    completed_at: b.completedAt ?? null,
    updated_at: AT,
    dag_display_name: b.dagId,
  };
}

/** Midnight of every day from `from` to `to`, both included (a daily DAG's runs). */
function daysOf(from: string, to: string): string[] {
  const days: string[] = [];
  const end = Date.parse(to);
  for (
    let at = Date.parse(from);
    at <= end && days.length < 1000;
    at += 86_400_000
  ) {
    days.push(new Date(at).toISOString());
  }
  return days;
}
