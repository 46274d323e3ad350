/*
 * Human-in-the-loop approvals and backfills in headless Chromium against the
 * real backend and the demo simulator. First as carol (read only): the
 * simulator's control API starts a run of her team's campaign_email_sync
 * (data-prod, Airflow 3) that waits for an approval; its Answer and the DAG's
 * New backfill are disabled with their reason, and the backend refuses the
 * direct calls (403). Then as pat (platform team): answer that approval,
 * start a backfill of orders_daily_load after reading its preview, and find
 * both in the audit view.
 */
/* eslint-disable no-console */
import { type Page } from 'playwright-core';
import { demoToken, signIn } from './lib/session';
import { runSpec, TIMEOUT, type Step } from './lib/journeys';

const APP = process.env.PORTAL_APP_URL ?? 'http://localhost:3000';
const BACKEND = process.env.PORTAL_BACKEND_URL ?? 'http://localhost:7007';
/** The data-prod simulator (Airflow 3), whose control API starts approvals. */
const AIRFLOW3 = process.env.PORTAL_AIRFLOW3_URL ?? 'http://127.0.0.1:28080';

/** The DAG the operator backfills (data-prod runs Airflow 3). */
const OPERATOR_DAG = {
  entityPath: 'component/orders-service',
  dagId: 'orders_daily_load',
};
/** A DAG of the reader's own team, which she may read but not answer nor backfill. */
const READER_DAG = {
  entityPath: 'component/campaign-analytics',
  dagId: 'campaign_email_sync',
};
/** Days after the DAG's start (2024-01-01 in the demo seed): fixed, so every run previews the same runs. */
const BACKFILL_FROM = '2024-01-02';
const BACKFILL_TO = '2024-01-04';

interface PendingApproval {
  /** `component/<name>` */
  entityPath: string;
  environment: string;
  dagId: string;
  runId: string;
  taskId: string;
  mapIndex: number;
  subject: string;
}

async function getJson(token: string, path: string): Promise<any> {
  const res = await fetch(`${BACKEND}${path}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  if (!res.ok) {
    throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
  }
  return res.json();
}

/**
 * Starts a run of the reader's DAG whose last task waits for an approval
 * (simulator control API), and answers its run and task ids.
 */
async function requestApproval(): Promise<{ runId: string; taskId: string }> {
  const res = await fetch(`${AIRFLOW3}/_simulator/hitl`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      dag_id: READER_DAG.dagId,
      task_id: 'sync_email_preferences',
      subject: 'Send the e2e campaign e-mails?',
    }),
  });
  if (!res.ok) {
    throw new Error(`the simulator started no approval: ${await res.text()}`);
  }
  const body = (await res.json()) as { dag_run_id: string; task_id: string };
  return { runId: body.dag_run_id, taskId: body.task_id };
}

/**
 * The approval as the backend lists it on the entity for the user, once the
 * backend's cached listing of pending approvals has expired and shows it.
 */
async function waitForApproval(
  user: string,
  entityPath: string,
  wanted: { runId: string; taskId: string },
): Promise<PendingApproval> {
  const token = await demoToken(user);
  const deadline = Date.now() + TIMEOUT;
  for (;;) {
    const response = await getJson(
      token,
      `/api/airflow/entities/default/${entityPath}/approvals`,
    );
    for (const environment of response.environments ?? []) {
      const found = (environment.approvals ?? []).find(
        (a: PendingApproval) =>
          a.runId === wanted.runId && a.taskId === wanted.taskId,
      );
      if (found) return { ...found, entityPath };
    }
    if (Date.now() > deadline) {
      throw new Error(
        `${entityPath} does not show ${user} the approval of run ${wanted.runId}`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 2_000));
  }
}

/** Waits until the button sits in a disabled-reason wrapper and is disabled. */
async function expectDisabledWithReason(
  page: Page,
  scope: ReturnType<Page['getByRole']>,
  name: string,
) {
  // Disabled while permissions are checked too: wait for the reason.
  // (`has` is queried inside the match: a locator from the page root.)
  await scope
    .locator('[data-disabled-reason^="You may not"]', {
      has: page.getByRole('button', { name, exact: true }),
    })
    .first()
    .waitFor({ timeout: TIMEOUT });
  const button = scope.getByRole('button', { name, exact: true }).first();
  if (!(await button.isDisabled())) {
    throw new Error(`${name} is enabled for a read-only user`);
  }
}

/** The Backfills tab of the DAG's drawer, from the entity's Airflow tab. */
async function openBackfills(
  page: Page,
  dag: { entityPath: string; dagId: string },
) {
  await page.goto(`${APP}/catalog/default/${dag.entityPath}/airflow`);
  const row = page.getByTestId(`dag-row-data-prod-${dag.dagId}`);
  await row.waitFor({ timeout: TIMEOUT });
  await row.getByRole('button', { name: `Details of ${dag.dagId}` }).click();
  const drawer = page.getByRole('region', { name: `DAG ${dag.dagId}` });
  await drawer.getByRole('tab', { name: 'Backfills' }).click();
  return drawer;
}

/** The approval the reader looked at, answered by the operator afterwards. */
let approval: PendingApproval | undefined;

const readerSteps: Step[] = [
  {
    name: 'signs in as carol (marketing, read only)',
    run: page => signIn(page, 'carol'),
  },
  {
    name: 'sees the Answer of a pending approval disabled with the reason',
    run: async page => {
      approval = await waitForApproval(
        'carol',
        READER_DAG.entityPath,
        await requestApproval(),
      );
      await page.goto(`${APP}/catalog/default/${approval.entityPath}/airflow`);
      const table = page.getByRole('table', { name: 'Pending approvals' });
      await table.getByText(approval.subject).first().waitFor({
        timeout: TIMEOUT,
      });
      await expectDisabledWithReason(page, table, 'Answer');
    },
  },
  {
    name: 'sees New backfill disabled with the reason',
    run: async page => {
      const drawer = await openBackfills(page, READER_DAG);
      await expectDisabledWithReason(page, drawer, 'New backfill');
    },
  },
  {
    name: 'is refused by the backend when answering and backfilling directly',
    run: async () => {
      const token = await demoToken('carol');
      const pending = approval!;
      const answer = `${BACKEND}/api/airflow/entities/default/${
        pending.entityPath
      }/environments/${pending.environment}/dags/${
        pending.dagId
      }/runs/${encodeURIComponent(pending.runId)}/tasks/${
        pending.taskId
      }/approval`;
      const dag = `${BACKEND}/api/airflow/entities/default/${READER_DAG.entityPath}/environments/data-prod/dags/${READER_DAG.dagId}`;
      const range = `fromDate=${BACKFILL_FROM}T00:00:00Z&toDate=${BACKFILL_TO}T00:00:00Z`;
      const calls: Array<[string, string, string, unknown]> = [
        [
          'answer',
          'POST',
          answer,
          {
            requestId: 'e2e-denied-answer',
            mapIndex: pending.mapIndex,
            chosenOptions: ['denied'],
          },
        ],
        ['preview', 'GET', `${dag}/backfills/preview?${range}`, undefined],
        [
          'create',
          'POST',
          `${dag}/backfills`,
          {
            requestId: 'e2e-denied-backfill',
            fromDate: `${BACKFILL_FROM}T00:00:00Z`,
            toDate: `${BACKFILL_TO}T00:00:00Z`,
          },
        ],
        ['cancel', 'PATCH', `${dag}/backfills/1`, { action: 'cancel' }],
      ];
      for (const [what, method, url, body] of calls) {
        const res = await fetch(url, {
          method,
          headers: {
            Authorization: `Bearer ${token}`,
            ...(body ? { 'Content-Type': 'application/json' } : {}),
          },
          body: body ? JSON.stringify(body) : undefined,
        });
        if (res.status !== 403) {
          throw new Error(
            `${what}: expected 403, got ${res.status}: ${await res.text()}`,
          );
        }
      }
    },
  },
];

const operatorSteps: Step[] = [
  {
    name: 'signs in as pat (platform team)',
    run: page => signIn(page, 'pat'),
  },
  {
    name: 'answers the pending approval',
    run: async page => {
      // The one the reader could not answer; its own when her journey failed early.
      const pending =
        approval ??
        (await waitForApproval(
          'pat',
          READER_DAG.entityPath,
          await requestApproval(),
        ));
      await page.goto(`${APP}/catalog/default/${pending.entityPath}/airflow`);
      const table = page.getByRole('table', { name: 'Pending approvals' });
      const row = table.getByRole('row').filter({ hasText: pending.subject });
      await row.first().waitFor({ timeout: TIMEOUT });
      // Disabled while permissions are checked: click waits until it is enabled
      // (a locator, not a handle: the button is mounted again once allowed).
      await row
        .first()
        .getByRole('button', { name: 'Answer' })
        .click({ timeout: TIMEOUT });
      const dialog = page.getByRole('dialog');
      // Radio buttons, or checkboxes when the approval allows several options.
      const choice = dialog
        .locator('input[type="radio"], input[type="checkbox"]')
        .first();
      await choice.waitFor({ timeout: TIMEOUT });
      await choice.check();
      await dialog.getByRole('button', { name: 'Answer' }).click();
      await dialog.waitFor({ state: 'hidden', timeout: TIMEOUT });
    },
  },
  {
    name: 'starts a backfill after reading its preview',
    run: async page => {
      const drawer = await openBackfills(page, OPERATOR_DAG);
      await drawer
        .getByRole('button', { name: 'New backfill' })
        .click({ timeout: TIMEOUT });
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('From (UTC)').fill(BACKFILL_FROM);
      await dialog.getByLabel('To (UTC)').fill(BACKFILL_TO);
      // Every run of the range: the preview lists runs whatever the seed's history holds.
      await dialog.getByLabel('Reprocess').click();
      await page
        .getByRole('option', { name: 'Every run of the range' })
        .click();
      const preview = dialog.getByRole('list', {
        name: 'Runs this backfill will create',
      });
      await preview.waitFor({ timeout: TIMEOUT });
      if ((await preview.getByRole('listitem').count()) === 0) {
        throw new Error('the preview lists no run to create');
      }
      await dialog.getByRole('button', { name: 'Create backfill' }).click();
      await dialog.waitFor({ state: 'hidden', timeout: TIMEOUT });
      await drawer
        .getByRole('table', { name: 'Backfills' })
        .waitFor({ timeout: TIMEOUT });
      await page.getByRole('button', { name: 'Close' }).first().click();
    },
  },
  {
    name: 'finds the answer and the backfill in the audit view',
    run: async page => {
      await page.goto(`${APP}/airflow/audit`);
      const records = page.getByRole('table', { name: 'Audit records' });
      await records.waitFor({ timeout: TIMEOUT });
      // The reader's refused attempts are on the trail too, as denied.
      for (const action of ['hitl.respond', 'backfill.create']) {
        await records
          .getByRole('row')
          .filter({ hasText: action })
          .filter({ hasText: 'succeeded' })
          .first()
          .waitFor();
      }
    },
  },
];

runSpec('approvals', [
  { name: 'reader', steps: readerSteps },
  { name: 'operator', steps: operatorSteps },
]);
