/*
 * A failed run notifies the owners of the entity its DAG is bound to, in
 * headless Chromium against the running portal (test/e2e/run.sh starts it):
 * the simulator's legacy-etl Airflow is told to fail the next runs of
 * orders_daily_load, a run is started in Airflow itself (as a schedule
 * would), and alice (team-data, owner of orders-service) finds the
 * notification in the portal and follows its link to the run; carol
 * (team-marketing) gets none.
 */
/* eslint-disable no-console */
import { demoToken, signIn } from './lib/session';
import { join } from 'node:path';
import { runSpec, SCREENSHOTS, TIMEOUT, type Step } from './lib/journeys';

const APP = process.env.PORTAL_APP_URL ?? 'http://localhost:3000';
const BACKEND = process.env.PORTAL_BACKEND_URL ?? 'http://localhost:7007';
/** The simulator's Airflow 2 (legacy-etl in app-config.yaml). */
const LEGACY_ETL =
  process.env.AIRFLOW_LEGACY_ETL_URL ?? 'http://127.0.0.1:28081';
const LEGACY_ETL_AUTH = `Basic ${Buffer.from('admin:admin').toString(
  'base64',
)}`;
/** The demo polls every 5 s; the run takes a few seconds to fail. */
const NOTIFIED_WITHIN_MS = 120_000;
const DAG = 'orders_daily_load';
/** A run id of this spec's own, so that its notification is told apart from any other. */
const RUN_ID = `manual__notifications_e2e_${Date.now()}`;

async function simulator(path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${LEGACY_ETL}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      Authorization: LEGACY_ETL_AUTH,
      'Content-Type': 'application/json',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) {
    throw new Error(`${path}: ${res.status} ${await res.text()}`);
  }
  return res.json();
}

/** Asks again, a second apart, until `check` passes or the time is up. */
async function eventually<T>(what: string, check: () => Promise<T>) {
  const until = Date.now() + NOTIFIED_WITHIN_MS;
  let last: unknown;
  while (Date.now() < until) {
    try {
      return await check();
    } catch (error) {
      last = error;
      await new Promise(resolve => setTimeout(resolve, 1000));
    }
  }
  throw new Error(`${what}: ${String(last)}`);
}

/** The user's notifications about this spec's run, from the notifications backend. */
async function notificationsOfRun(user: string): Promise<any[]> {
  const res = await fetch(
    `${BACKEND}/api/notifications/notifications?${new URLSearchParams({
      search: RUN_ID,
    })}`,
    { headers: { Authorization: `Bearer ${await demoToken(user)}` } },
  );
  if (!res.ok) throw new Error(`notifications of ${user}: ${res.status}`);
  const body = (await res.json()) as { notifications: any[] };
  return body.notifications.filter(n =>
    String(n.payload.description ?? '').includes(RUN_ID),
  );
}

const steps: Step[] = [
  {
    name: `the simulator fails the next runs of ${DAG} in legacy-etl, and one runs`,
    run: async () => {
      await simulator('/_simulator/outcome', {
        dag_id: DAG,
        outcome: 'failed',
      });
      await simulator(`/api/v1/dags/${DAG}/dagRuns`, { dag_run_id: RUN_ID });
      await eventually(`${RUN_ID} did not fail`, async () => {
        const run = await simulator(
          `/api/v1/dags/${DAG}/dagRuns/${encodeURIComponent(RUN_ID)}`,
        );
        if (run.state !== 'failed') throw new Error(`state ${run.state}`);
      });
    },
  },
  {
    name: 'alice (team-data, owner of orders-service) is notified once',
    run: async () => {
      const found = await eventually('no notification for alice', async () => {
        const notifications = await notificationsOfRun('alice');
        if (notifications.length === 0) throw new Error('none yet');
        return notifications;
      });
      if (found.length !== 1) {
        throw new Error(`alice has ${found.length} notifications of the run`);
      }
      const link = new URL(found[0].payload.link, APP);
      if (
        link.pathname !== '/catalog/default/component/orders-service/airflow' ||
        link.searchParams.get('environment') !== 'legacy-etl' ||
        link.searchParams.get('dag') !== DAG ||
        link.searchParams.get('run') !== RUN_ID
      ) {
        throw new Error(`the link is ${found[0].payload.link}`);
      }
    },
  },
  {
    name: 'carol (team-marketing) is not notified',
    run: async () => {
      const found = await notificationsOfRun('carol');
      if (found.length > 0) {
        throw new Error(`carol has ${found.length} notifications of the run`);
      }
    },
  },
  {
    name: 'signs in as alice',
    run: page => signIn(page, 'alice'),
  },
  {
    name: 'the notifications page shows the failed run, and its link opens the run',
    run: async page => {
      await page.goto(`${APP}/notifications`);
      const title = page
        .getByRole('link', { name: `Airflow run failed: ${DAG}` })
        .first();
      await title.waitFor({ timeout: TIMEOUT });
      await page.getByText(RUN_ID).first().waitFor({ timeout: TIMEOUT });
      await page.screenshot({
        path: join(SCREENSHOTS, 'notifications-failed-run.png'),
        fullPage: true,
      });
      await title.click();
      await page.waitForURL(
        url =>
          url.pathname ===
            '/catalog/default/component/orders-service/airflow' &&
          url.searchParams.get('run') === RUN_ID,
        { timeout: TIMEOUT },
      );
      await page.getByText(DAG).first().waitFor({ timeout: TIMEOUT });
    },
  },
];

runSpec('notifications', [{ name: 'alice', steps }], {
  // Later runs of the DAG go back to the simulator's own outcomes.
  cleanUp: async () => {
    await simulator('/_simulator/outcome', { dag_id: DAG, outcome: null });
  },
});
