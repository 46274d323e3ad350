import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  type SimulatorStack,
  startSimulatorStack,
} from '../__testUtils__/simulatorStack';
import {
  boundComponent,
  startAirflowTestBackend,
} from '../__testUtils__/testBackend';

/*
 * Amazon MWAA's InvokeRestApi takes a Path of at most 64 characters. Run ids
 * such as `scheduled__2026-11-22T07:00:00+00:00` push the per-run paths far
 * over it, so collections are read through the batch endpoints and a task
 * log, which has no batch form, is read from CloudWatch Logs (the front's
 * GetLogEvents). Other over-long reads still fail with a clear 422.
 */
const auth = { Authorization: mockCredentials.user.header() };
const DAG_ID = 'data_quality_checks';
/** Bound but unknown to Airflow: `/dags/<id>/details` is over 64 characters. */
const LONG_DAG_ID = `quality_${'x'.repeat(52)}`;

const FIRST_LOG_LINE = {
  'mwaa-af3': /^Dependencies all met/,
  'mwaa-af2': /^\[[^\]]+\] \{.*\} INFO - Dependencies all met/,
};

interface LogPage {
  lines: { timestamp?: string; level?: string; message: string }[];
  continuationToken?: string;
  endOfLog: boolean;
}

describe('reading through MWAA with long run ids', () => {
  let stack: SimulatorStack;

  beforeAll(async () => {
    stack = await startSimulatorStack();
  });

  afterAll(() => stack.close());

  it.each(['mwaa-af3', 'mwaa-af2'] as const)(
    '%s: lists task instances of a run and reads its over-long log from CloudWatch Logs',
    async environment => {
      const backend = await startAirflowTestBackend({
        environments: [
          {
            name: environment,
            ...stack.environmentConfigs()[environment].config,
          },
        ],
        entities: [
          boundComponent('quality', environment, `${DAG_ID},${LONG_DAG_ID}`),
        ],
      });
      try {
        const base = `/api/airflow/entities/default/component/quality/environments/${environment}/dags/${DAG_ID}`;
        const runs = await request(backend.server)
          .get(`${base}/runs`)
          .set(auth);
        expect(runs.status).toBe(200);
        const run = runs.body.items.find((r: { runId: string }) =>
          r.runId.startsWith('scheduled__'),
        );
        expect(run).toBeDefined();
        const runSegment = encodeURIComponent(run.runId);
        // What a GET of the run's task instances would have needed.
        expect(
          `/dags/${DAG_ID}/dagRuns/${runSegment}/taskInstances`.length,
        ).toBeGreaterThan(64);

        const tasks = await request(backend.server)
          .get(`${base}/runs/${runSegment}/tasks`)
          .set(auth);
        expect(tasks.status).toBe(200);
        expect(tasks.body.items.length).toBeGreaterThan(0);
        expect(tasks.body.items[0]).toMatchObject({
          dagId: DAG_ID,
          runId: run.runId,
        });

        const task = tasks.body.items.find(
          (t: { tryNumber: number }) => t.tryNumber > 0,
        );
        const logPath = `${base}/runs/${runSegment}/tasks/${task.taskId}/logs/${task.tryNumber}`;
        stack.front.resetStats();
        const pages: LogPage[] = [];
        let token: string | undefined;
        do {
          const page = await request(backend.server)
            .get(logPath)
            .query(token ? { token } : {})
            .set(auth);
          expect(page.status).toBe(200);
          pages.push(page.body);
          token = page.body.continuationToken;
          expect(page.body.endOfLog).toBe(token === undefined);
        } while (token && pages.length < 20);

        // "Load more" went through several CloudWatch pages to the end of the log.
        expect(pages.length).toBeGreaterThan(1);
        expect(pages[pages.length - 1].endOfLog).toBe(true);
        const lines = pages.flatMap(p => p.lines);
        expect(lines.length).toBeGreaterThan(pages[0].lines.length);
        expect(lines[0].message).toContain('Dependencies all met');
        expect(lines[0].timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T/);
        for (const line of lines) {
          expect(line.message).not.toMatch(/^\{"/);
        }
        // Airflow 3 writes JSON lines (parsed), Airflow 2 formatted text (kept, level read from it).
        expect(lines[0].level).toBe('info');
        expect(lines[0].message).toMatch(FIRST_LOG_LINE[environment]);
        const stream = `dag_id=${DAG_ID}/run_id=${run.runId.replace(
          /:/g,
          '_',
        )}/task_id=${task.taskId}/attempt=${task.tryNumber}.log`;
        expect(stack.front.stats().logEvents).toEqual({
          [`airflow-${environment}-Task ${stream}`]: pages.length,
        });
        expect(
          Object.keys(stack.front.stats().invocations).some(k =>
            k.includes('/logs/'),
          ),
        ).toBe(false);

        const details = await request(backend.server)
          .get(`${base}/details`)
          .set(auth);
        expect(details.status).toBe(200);
        expect(details.body.dagId).toBe(DAG_ID);

        // Other reads with an over-long path keep the clear 422.
        const longDetails = await request(backend.server)
          .get(
            `/api/airflow/entities/default/component/quality/environments/${environment}/dags/${LONG_DAG_ID}/details`,
          )
          .set(auth);
        expect(longDetails.status).toBe(422);
        expect(longDetails.body.error).toMatchObject({
          name: 'UpstreamError',
          environment,
          message: expect.stringContaining('has no other form of this call'),
          detail: expect.stringContaining('at most 64 characters'),
        });
      } finally {
        await backend.stop();
      }
    },
  );
});
