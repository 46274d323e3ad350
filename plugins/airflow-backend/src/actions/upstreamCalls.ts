import type {
  AirflowApiVersion,
  AirflowDag,
  AirflowDagRun,
} from '@airflow-portal/plugin-airflow-common';
import type { AirflowApiAdapter } from '../api/AirflowApiAdapter';
import { mapV1Dag, mapV1Run } from '../api/v1Mapping';
import { mapV2Dag, mapV2Run } from '../api/v2Mapping';
import { malformed, readObject, segment } from '../api/readers';
import { createUiLinks } from '../api/uiLinks';
import { isUpstreamError } from '../transport/errors';
import type { AirflowTransport } from '../transport/types';

export interface UpstreamTarget {
  environment: string;
  uiUrl?: string;
  apiVersion: AirflowApiVersion;
  transport: AirflowTransport;
  /** For reads that need the short batch paths (MWAA's 64-character path limit). */
  adapter: AirflowApiAdapter;
}

export interface UpstreamResult<T> {
  value: T;
  upstreamStatus: number;
}

export interface TriggerRequest {
  dagId: string;
  runId: string;
  conf?: Record<string, unknown>;
  logicalDate?: string | null;
  note?: string;
}

function mapRun(target: UpstreamTarget, body: unknown): AirflowDagRun {
  const links = createUiLinks(target.apiVersion, target.uiUrl);
  const object = readObject(body, target.environment);
  const run =
    target.apiVersion === 'v2'
      ? mapV2Run(object, target.environment, links)
      : mapV1Run(object, target.environment, links);
  if (!run) {
    throw malformed(target.environment, 'a DAG run without ids');
  }
  return run;
}

function mapDag(target: UpstreamTarget, body: unknown): AirflowDag {
  const links = createUiLinks(target.apiVersion, target.uiUrl);
  const object = readObject(body, target.environment);
  const dag =
    target.apiVersion === 'v2'
      ? mapV2Dag(object, target.environment, links)
      : mapV1Dag(object, target.environment, links);
  if (!dag) {
    throw malformed(target.environment, 'a DAG without an id');
  }
  return dag;
}

/** `GET /dags/{dag_id}`: the DAG's tags, for tag bindings; 404 for an unknown DAG. */
export async function getDag(
  target: UpstreamTarget,
  dagId: string,
): Promise<AirflowDag> {
  const res = await target.transport.request(target.apiVersion, {
    method: 'GET',
    path: `/dags/${segment(dagId)}`,
    idempotent: true,
  });
  return mapDag(target, res.body);
}

/**
 * `POST /dags/{dag_id}/dagRuns` with our run id. Never retried blindly: a 409
 * for our own run id means an earlier attempt of the same request started the
 * run, which is then read and returned (`deduplicated`).
 */
export async function triggerDagRun(
  target: UpstreamTarget,
  req: TriggerRequest,
): Promise<UpstreamResult<AirflowDagRun> & { deduplicated: boolean }> {
  const body: Record<string, unknown> = { dag_run_id: req.runId };
  if (target.apiVersion === 'v2') {
    // Airflow 3 requires the key; null lets Airflow choose.
    body.logical_date = req.logicalDate ?? null;
  } else if (req.logicalDate) {
    // Airflow 2 defaults to now when the key is absent.
    body.logical_date = req.logicalDate;
  }
  if (req.conf !== undefined) body.conf = req.conf;
  if (req.note !== undefined) body.note = req.note;
  const runsPath = `/dags/${segment(req.dagId)}/dagRuns`;
  try {
    const res = await target.transport.request(target.apiVersion, {
      method: 'POST',
      path: runsPath,
      body,
      idempotent: false,
    });
    return {
      value: mapRun(target, res.body),
      upstreamStatus: res.status,
      deduplicated: false,
    };
  } catch (error) {
    if (
      !isUpstreamError(error) ||
      error.details.kind !== 'http' ||
      error.details.status !== 409
    ) {
      throw error;
    }
    const existing = await findRun(target, req.dagId, req.runId);
    if (!existing) {
      // Not our run (e.g. Airflow 2's logical-date conflict): Airflow's 409 stands.
      throw error;
    }
    return { value: existing, upstreamStatus: 409, deduplicated: true };
  }
}

/**
 * The run with this id, or undefined. `GET /dags/{dag_id}/dagRuns/{run_id}`;
 * when that path is too long for MWAA, the DAG's newest runs via the batch
 * endpoint (a retried trigger is among the newest).
 */
async function findRun(
  target: UpstreamTarget,
  dagId: string,
  runId: string,
): Promise<AirflowDagRun | undefined> {
  try {
    const res = await target.transport.request(target.apiVersion, {
      method: 'GET',
      path: `/dags/${segment(dagId)}/dagRuns/${segment(runId)}`,
      idempotent: true,
    });
    return mapRun(target, res.body);
  } catch (error) {
    if (!isUpstreamError(error) || error.details.kind !== 'limit') {
      return undefined;
    }
  }
  try {
    const { runs } = await target.adapter.listLatestRuns([dagId], 100);
    return runs.find(run => run.runId === runId);
  } catch {
    return undefined;
  }
}

/** `PATCH /dags/{dag_id}?update_mask=is_paused`. */
export async function setDagPaused(
  target: UpstreamTarget,
  dagId: string,
  isPaused: boolean,
): Promise<UpstreamResult<AirflowDag>> {
  const res = await target.transport.request(target.apiVersion, {
    method: 'PATCH',
    path: `/dags/${segment(dagId)}`,
    query: { update_mask: 'is_paused' },
    body: { is_paused: isPaused },
    idempotent: false,
  });
  return { value: mapDag(target, res.body), upstreamStatus: res.status };
}
