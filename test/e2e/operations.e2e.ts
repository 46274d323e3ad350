/*
 * Run actions in headless Chromium against the real backend and the demo
 * simulator: as pat (platform team), retry the failed tasks of a failed run
 * of orders_daily_load after reading Airflow's dry run, mark another failed
 * run success, and find both in the audit view; as carol (read only), the
 * run actions are disabled with their reason and the backend refuses them
 * (403). The demo's data-prod simulator seeds orders_daily_load with failed
 * runs (its history is fixed by the seed).
 */
/* eslint-disable no-console */
import { type Page } from 'playwright-core';
import { demoToken, signIn } from './lib/session';
import { runSpec, TIMEOUT, type Step } from './lib/journeys';

const APP = process.env.PORTAL_APP_URL ?? 'http://localhost:3000';
const BACKEND = process.env.PORTAL_BACKEND_URL ?? 'http://localhost:7007';

/**
 * Opens the drawer of a DAG on an entity's Airflow tab, at its first failed
 * run, or at its newest run when `anyRun` (a DAG whose schedule has not
 * failed yet has none failed).
 */
async function openFailedRun(
  page: Page,
  entityPath: string,
  dagId: string,
  anyRun = false,
) {
  await page.goto(`${APP}/catalog/default/${entityPath}/airflow`);
  const row = page.getByTestId(`dag-row-data-prod-${dagId}`);
  await row.waitFor({ timeout: TIMEOUT });
  await row.getByRole('button', { name: `Details of ${dagId}` }).click();
  const drawer = page.getByRole('region', { name: `DAG ${dagId}` });
  if (!anyRun) {
    await drawer.getByLabel('Run state').click();
    await page.getByRole('option', { name: 'failed' }).click();
  }
  const firstRun = drawer.locator('[data-testid^="run-"]').first();
  await firstRun.waitFor({ timeout: TIMEOUT });
  const runId = (await firstRun.getAttribute('data-testid'))!.slice(
    'run-'.length,
  );
  await firstRun.click();
  await drawer.getByRole('toolbar').waitFor({ timeout: TIMEOUT });
  return { drawer, runId };
}

/** Confirms the open dialog once its preview is read; answers the task ids it listed. */
async function confirmDialog(
  page: Page,
  previewLabel: string,
  confirm: string,
) {
  const dialog = page.getByRole('dialog');
  const list = dialog.getByRole('list', { name: previewLabel });
  await list.waitFor({ timeout: TIMEOUT });
  const listed = await list.getByRole('listitem').allInnerTexts();
  const button = dialog.getByRole('button', { name: confirm });
  await button.click({ timeout: TIMEOUT });
  await dialog.waitFor({ state: 'hidden', timeout: TIMEOUT });
  return listed;
}

const operatorSteps: Step[] = [
  {
    name: 'signs in as pat (platform team)',
    run: page => signIn(page, 'pat'),
  },
  {
    name: 'retries the failed tasks of a failed run after seeing the dry run',
    run: async page => {
      const { drawer } = await openFailedRun(
        page,
        'component/orders-service',
        'orders_daily_load',
      );
      await drawer
        .getByRole('toolbar')
        .getByRole('button', { name: 'Retry failed' })
        .click();
      const listed = await confirmDialog(
        page,
        'Task instances that will run again',
        'Retry failed',
      );
      if (listed.length === 0) {
        throw new Error('the dry run listed no task instance to retry');
      }
      await page.getByRole('button', { name: 'Close' }).first().click();
    },
  },
  {
    name: 'marks another failed run success',
    run: async page => {
      const { drawer } = await openFailedRun(
        page,
        'component/orders-service',
        'orders_daily_load',
      );
      await drawer
        .getByRole('toolbar')
        .getByRole('button', { name: 'Mark success' })
        .click();
      await confirmDialog(page, 'Unfinished task instances', 'Mark success');
      await page.getByRole('button', { name: 'Close' }).first().click();
    },
  },
  {
    name: 'finds the retry and the mark in the audit view',
    run: async page => {
      await page.goto(`${APP}/airflow/audit`);
      const records = page.getByRole('table', { name: 'Audit records' });
      await records.waitFor({ timeout: TIMEOUT });
      await records.getByText('run.clear').first().waitFor();
      await records.getByText('run.mark').first().waitFor();
    },
  },
];

const readerSteps: Step[] = [
  {
    name: 'signs in as carol (marketing, read only)',
    run: page => signIn(page, 'carol'),
  },
  {
    name: 'sees the run actions disabled with the reason',
    run: async page => {
      // Whatever state the run is in, the reader may not act on it.
      const { drawer } = await openFailedRun(
        page,
        'component/campaign-analytics',
        'campaign_email_sync',
        true,
      );
      const toolbar = drawer.getByRole('toolbar');
      // Clear run and Note show on a run in any state; Retry failed and the
      // marks depend on it.
      for (const name of ['Clear run', 'Note']) {
        const button = toolbar.getByRole('button', { name });
        // Disabled while permissions are checked too: wait for the reason.
        // (`has` is queried inside the match: a locator from the page root.)
        await toolbar
          .locator('[data-disabled-reason^="You may not"]', {
            has: page.getByRole('button', { name }),
          })
          .waitFor({ timeout: TIMEOUT });
        if (!(await button.isDisabled())) {
          throw new Error(`${name} is enabled for a read-only user`);
        }
      }
    },
  },
  {
    name: 'is refused by the backend when calling clear and mark directly',
    run: async () => {
      const token = await demoToken('carol');
      const run = `${BACKEND}/api/airflow/entities/default/component/campaign-analytics/environments/data-prod/dags/campaign_email_sync/runs/any-run`;
      for (const [path, body] of [
        ['clear', { onlyFailed: true, requestId: 'e2e-denied-clear' }],
        ['state', { state: 'success', requestId: 'e2e-denied-mark' }],
        ['clear/preview', { onlyFailed: true }],
      ] as const) {
        const res = await fetch(`${run}/${path}`, {
          method: 'POST',
          headers: {
            Authorization: `Bearer ${token}`,
            'Content-Type': 'application/json',
          },
          body: JSON.stringify(body),
        });
        if (res.status !== 403) {
          throw new Error(
            `${path}: expected 403, got ${res.status}: ${await res.text()}`,
          );
        }
      }
    },
  },
];

runSpec('operations', [
  { name: 'operator', steps: operatorSteps },
  { name: 'reader', steps: readerSteps },
]);
