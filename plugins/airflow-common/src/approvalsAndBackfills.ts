/*
 * Human-in-the-loop approvals and backfills (Airflow 3 only), in the shared
 * model: the backend's Airflow 3 adapter maps Airflow's `HITLDetail` and
 * `BackfillResponse` into these types.
 */
import type { AirflowDagParam, AirflowErrorInfo } from './model';

/**
 * An Airflow user as a human-in-the-loop detail names it.
 *
 * @public
 */
export interface AirflowHitlUser {
  id: string;
  name: string;
}

/**
 * A task that waits for a human answer (Airflow 3.1+ human-in-the-loop):
 * its question, the options to choose from and the params to fill in.
 *
 * @public
 */
export interface AirflowApproval {
  environment: string;
  dagId: string;
  runId: string;
  taskId: string;
  /** -1 for a task that is not mapped. */
  mapIndex: number;
  subject: string;
  body?: string;
  options: string[];
  /** Options chosen when nobody answers in time. */
  defaults?: string[];
  /** Whether more than one option may be chosen. */
  multiple: boolean;
  /** Params the answer fills in, serialised as the DAG's params are. */
  params: Record<string, AirflowDagParam>;
  /** Airflow users allowed to answer; empty: any user with access. */
  assignedUsers: AirflowHitlUser[];
  createdAt: string;
  /** The task instance's state (`deferred` while it waits). */
  taskState?: string;
  responseReceived: boolean;
  respondedBy?: AirflowHitlUser;
  respondedAt?: string;
  chosenOptions?: string[];
}

/**
 * The pending approvals of the DAGs an entity binds, in one environment.
 *
 * @public
 */
export interface EnvironmentApprovals {
  environment: string;
  /** False on Airflow 2 and Airflow 3.0, which have no human-in-the-loop API. */
  supported: boolean;
  approvals: AirflowApproval[];
  error?: AirflowErrorInfo;
}

/** @public */
export interface EntityApprovalsResponse {
  entityRef: string;
  environments: EnvironmentApprovals[];
}

/**
 * How many approvals wait in one environment (the ops overview).
 *
 * @public
 */
export interface EnvironmentApprovalCount {
  environment: string;
  supported: boolean;
  /** Absent when the environment could not be read, or does not support approvals. */
  pending?: number;
  error?: AirflowErrorInfo;
}

/** @public */
export interface ApprovalCountsResponse {
  environments: EnvironmentApprovalCount[];
}

/**
 * Body of the route that answers an approval.
 *
 * @public
 */
export interface RespondToApprovalRequest {
  /** Chosen by the client once per answer: the same id again answers the same response. */
  requestId: string;
  /** Default -1 (a task that is not mapped). */
  mapIndex?: number;
  /** At least one; exactly one unless the approval allows `multiple`. */
  chosenOptions: string[];
  paramsInput?: Record<string, unknown>;
}

/**
 * Airflow's record of an answer.
 *
 * @public
 */
export interface AirflowApprovalAnswer {
  respondedBy: AirflowHitlUser;
  respondedAt: string;
  chosenOptions: string[];
  paramsInput?: Record<string, unknown>;
}

/**
 * Which runs of the range a backfill runs again: `none` only missing ones,
 * `failed` also failed ones, `completed` every one.
 *
 * @public
 */
export type BackfillReprocessBehavior = 'none' | 'failed' | 'completed';

/**
 * A backfill of a DAG (Airflow 3).
 *
 * @public
 */
export interface AirflowBackfill {
  id: number;
  environment: string;
  dagId: string;
  fromDate: string;
  toDate: string;
  isPaused: boolean;
  reprocessBehavior: BackfillReprocessBehavior;
  maxActiveRuns: number;
  createdAt: string;
  /** Set once every run is done, or the backfill was cancelled. */
  completedAt?: string;
  updatedAt?: string;
}

/**
 * Input of a backfill, for its preview and its creation.
 *
 * @public
 */
export interface BackfillSpec {
  fromDate: string;
  toDate: string;
  /** Default `none`. */
  reprocessBehavior?: BackfillReprocessBehavior;
  /** Default 10. */
  maxActiveRuns?: number;
  /** Default false. */
  runBackwards?: boolean;
}

/**
 * Body of the route that creates a backfill.
 *
 * @public
 */
export interface CreateBackfillRequest extends BackfillSpec {
  /** Chosen by the client once per intent: the same id again answers the same backfill. */
  requestId: string;
}

/**
 * What a backfill would create (Airflow's dry run): one entry per run.
 *
 * @public
 */
export interface BackfillPreview {
  runs: Array<{ logicalDate: string | null }>;
  totalEntries: number;
}

/**
 * Pause, resume or cancel a backfill.
 *
 * @public
 */
export type BackfillAction = 'pause' | 'unpause' | 'cancel';

/**
 * Body of the route that changes a backfill.
 *
 * @public
 */
export interface ChangeBackfillRequest {
  action: BackfillAction;
}
