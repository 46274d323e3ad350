import type { AirflowApiVersion } from '@airflow-portal/plugin-airflow-common';
import {
  addTriggeredRun,
  FakeAirflowTransport,
} from '../../service/__testUtils__/FakeAirflowTransport';
import { UpstreamError } from '../../transport/errors';
import type { UpstreamRequest, UpstreamResponse } from '../../transport/types';

/**
 * The read fake, plus trigger (unique run ids → 409) and pause, with counters.
 * Triggered runs and the paused flag show in later reads.
 */
export class ActionFakeTransport extends FakeAirflowTransport {
  readonly runs = new Map<string, Record<string, unknown>>();
  readonly paused = new Map<string, boolean>();
  triggered = 0;

  async request(
    apiVersion: AirflowApiVersion,
    req: UpstreamRequest,
  ): Promise<UpstreamResponse> {
    const trigger = /^\/dags\/([^/]+)\/dagRuns$/.exec(req.path);
    const one = /^\/dags\/([^/]+)\/dagRuns\/([^/]+)$/.exec(req.path);
    const dag = /^\/dags\/([^/]+)$/.exec(req.path);
    const known = (id: string) =>
      this.dags.some(d => d.dagId === decodeURIComponent(id));
    if (trigger && req.method === 'POST') {
      this.calls.push({
        apiVersion,
        method: req.method,
        path: req.path,
        body: req.body,
      });
      if (!known(trigger[1])) throw this.http(404, 'DAG not found');
      const body = req.body as Record<string, unknown>;
      const runId = String(body.dag_run_id);
      if (this.runs.has(runId))
        throw this.http(409, 'Unique constraint violation');
      this.triggered++;
      const run = addTriggeredRun(
        this.dags.find(d => d.dagId === decodeURIComponent(trigger[1]))!,
        runId,
        body.conf,
      );
      run.logical_date = body.logical_date ?? null;
      this.runs.set(runId, run);
      return { status: 200, body: run };
    }
    if (
      one &&
      req.method === 'GET' &&
      this.runs.has(decodeURIComponent(one[2]))
    ) {
      this.calls.push({ apiVersion, method: req.method, path: req.path });
      return { status: 200, body: this.runs.get(decodeURIComponent(one[2])) };
    }
    if (dag && req.method === 'PATCH') {
      this.calls.push({
        apiVersion,
        method: req.method,
        path: req.path,
        query: req.query,
        body: req.body,
      });
      if (!known(dag[1])) throw this.http(404, 'DAG not found');
      const isPaused = Boolean((req.body as { is_paused: boolean }).is_paused);
      this.paused.set(decodeURIComponent(dag[1]), isPaused);
      this.dags.find(d => d.dagId === decodeURIComponent(dag[1]))!.isPaused =
        isPaused;
      return {
        status: 200,
        body: {
          dag_id: decodeURIComponent(dag[1]),
          is_paused: isPaused,
          tags: [],
        },
      };
    }
    return super.request(apiVersion, req);
  }

  private http(status: number, detail: string) {
    return new UpstreamError(
      `Airflow environment "${this.environment}" answered ${status}`,
      {
        environment: this.environment,
        kind: 'http',
        status,
        detail,
      },
    );
  }
}
