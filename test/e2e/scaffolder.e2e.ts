/*
 * The demo template "Backfill the orders mart for a date" in headless
 * Chromium against the real backend and the demo simulator: as alice
 * (team-data, which may trigger orders_daily_load in legacy-etl) the task
 * triggers the DAG, waits for the run and shows its run id; as pat, the audit
 * view shows that trigger with the scaffolder task as its origin; as carol
 * (read only) the same template fails with the permission error. The
 * simulator is told that the DAG's next runs succeed, fast, so the wait ends
 * the same way every time.
 */
/* eslint-disable no-console */
import { type Page } from 'playwright-core';
import { demoToken, signIn } from './lib/session';
import { runSpec, TIMEOUT, type Step } from './lib/journeys';

const APP = process.env.PORTAL_APP_URL ?? 'http://localhost:3000';
const BACKEND = process.env.PORTAL_BACKEND_URL ?? 'http://localhost:7007';
/** The legacy-etl simulator (app-config.yaml), for its control API. */
const LEGACY_ETL =
  process.env.AIRFLOW_LEGACY_ETL_URL ?? 'http://127.0.0.1:28081';
/** A run of orders_daily_load at the speed set below, and the scaffolder's polling. */
const RUN_WITHIN_MS = 180_000;
const TEMPLATE_TITLE = 'Backfill the orders mart for a date';
const DATE = '2026-11-01';

/** What the operator's journey found, for the audit check. */
const found: { taskId?: string; runId?: string } = {};
/** The simulator's run speed before the spec changed it, restored at the end. */
let seededRunSpeed: number | undefined;

async function simulator(path: string, body: unknown) {
  const res = await fetch(`${LEGACY_ETL}/_simulator/${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`simulator ${path}: ${res.status}`);
}

/** Opens the template from the Create page, fills the date and creates the task; answers its id. */
async function runTemplate(page: Page): Promise<string> {
  await page.goto(`${APP}/create`);
  const card = page
    .locator('article, [class*="MuiCard"]')
    .filter({ hasText: TEMPLATE_TITLE })
    .first();
  await card.waitFor({ timeout: TIMEOUT });
  await card.getByRole('button', { name: /choose/i }).click();
  await page.getByLabel(/^Date/).first().fill(DATE);
  await page.getByRole('button', { name: /^(Next|Review)$/ }).click();
  await page.getByRole('button', { name: /^Create$/ }).click();
  await page.waitForURL(/\/create\/tasks\/[^/]+/, { timeout: TIMEOUT });
  return new URL(page.url()).pathname.split('/').pop()!;
}

const operatorSteps: Step[] = [
  {
    name: 'the legacy-etl simulator runs orders_daily_load to success, fast',
    run: async () => {
      const config = await fetch(`${LEGACY_ETL}/_simulator/config`);
      seededRunSpeed = ((await config.json()) as { runSpeed: number }).runSpeed;
      await simulator('outcome', {
        dag_id: 'orders_daily_load',
        outcome: 'success',
      });
      await simulator('run-speed', { speed: 200 });
      // A paused DAG's run would wait for the unpause: alice may unpause it here.
      const res = await fetch(
        `${BACKEND}/api/airflow/entities/default/component/orders-service/environments/legacy-etl/dags/orders_daily_load`,
        {
          method: 'PATCH',
          headers: {
            Authorization: `Bearer ${await demoToken('alice')}`,
            'Content-Type': 'application/json',
          },
          body: JSON.stringify({ isPaused: false }),
        },
      );
      if (!res.ok)
        throw new Error(`unpause: ${res.status} ${await res.text()}`);
    },
  },
  {
    name: 'signs in as alice (team-data)',
    run: page => signIn(page, 'alice'),
  },
  {
    name: 'runs the template and sees the run id of the triggered run',
    run: async page => {
      found.taskId = await runTemplate(page);
      const runText = page.getByText(/Run id:/);
      await runText.waitFor({ timeout: RUN_WITHIN_MS });
      const text = await page.locator('body').innerText();
      const runId = /Run id:\s*`?(\S+?)`?\s*$/m.exec(text)?.[1];
      if (!runId) throw new Error(`no run id in: ${text.slice(0, 500)}`);
      found.runId = runId;
      await page.getByText(/State:\s*success/).waitFor({ timeout: TIMEOUT });
      await page
        .getByRole('link', { name: 'The run in Airflow' })
        .waitFor({ timeout: TIMEOUT });
    },
  },
];

const auditorSteps: Step[] = [
  {
    name: 'signs in as pat (platform team)',
    run: page => signIn(page, 'pat'),
  },
  {
    name: 'finds the trigger in the audit view with the task as its origin',
    run: async page => {
      if (!found.taskId || !found.runId) throw new Error('no task to look for');
      await page.goto(`${APP}/airflow/audit`);
      const records = page.getByRole('table', { name: 'Audit records' });
      await records.waitFor({ timeout: TIMEOUT });
      await page.getByLabel('DAG id').fill('orders_daily_load');
      const row = records
        .getByRole('row')
        .filter({ hasText: found.runId })
        .filter({ hasText: 'dag.trigger' });
      await row
        .getByText(`via plugin:scaffolder task:${found.taskId}`)
        .waitFor({ timeout: TIMEOUT });
      await row
        .getByText('user:default/alice')
        .or(row.getByText('alice'))
        .first()
        .waitFor();
    },
  },
];

const readerSteps: Step[] = [
  {
    name: 'signs in as carol (marketing, read only)',
    run: page => signIn(page, 'carol'),
  },
  {
    name: 'runs the template and the task fails with the permission error',
    run: async page => {
      await runTemplate(page);
      await page
        .getByText(/You may not trigger orders_daily_load in legacy-etl/)
        .first()
        .waitFor({ timeout: TIMEOUT });
      if (await page.getByText(/Run id:/).count()) {
        throw new Error('a run id is shown for a refused trigger');
      }
    },
  },
];

runSpec(
  'scaffolder',
  [
    { name: 'operator', steps: operatorSteps },
    { name: 'auditor', steps: auditorSteps },
    { name: 'reader', steps: readerSteps },
  ],
  {
    // Back to the seeded behaviour for whatever runs next.
    cleanUp: async () => {
      await simulator('outcome', {
        dag_id: 'orders_daily_load',
        outcome: null,
      });
      if (seededRunSpeed !== undefined) {
        await simulator('run-speed', { speed: seededRunSpeed });
      }
    },
  },
);
