/*
 * End-to-end walk through the portal in headless Chromium (Playwright driving
 * Debian's Chromium): sign in, open an entity's Airflow tab, see DAGs with
 * their runs, trigger a DAG with conf and see the new run, pause a DAG, read a
 * task log, check the audit view and the ops overview (its cards within the
 * window at 1440 and 1280 pixels); then a read-only user sees the trigger
 * button disabled and the backend refuses the call too.
 */
/* eslint-disable no-console */
import { type Locator, type Page } from 'playwright-core';
import { demoToken, signIn } from './lib/session';
import { join } from 'node:path';
import {
  runSpec,
  SCREENSHOTS,
  TIMEOUT,
  VIEWPORT,
  type Step,
} from './lib/journeys';

const APP = process.env.PORTAL_APP_URL ?? 'http://localhost:3000';
const BACKEND = process.env.PORTAL_BACKEND_URL ?? 'http://localhost:7007';

async function openAirflowTab(page: Page, entityPath: string) {
  await page.goto(`${APP}/catalog/default/${entityPath}/airflow`);
  await page.getByRole('table').first().waitFor({ timeout: TIMEOUT });
}

function dagRow(page: Page, environment: string, dagId: string) {
  return page.getByTestId(`dag-row-${environment}-${dagId}`);
}

async function horizontalExtent(locator: Locator, what: string) {
  const box = await locator.boundingBox();
  if (!box) throw new Error(`${what} is not shown`);
  return { left: box.x, right: box.x + box.width };
}

/**
 * At this window width, every environment card of the ops overview lies within
 * the page's content (none cut off on the right); saves the page as
 * ops-overview-<width>.png.
 */
async function checkOverviewAt(page: Page, width: number) {
  await page.setViewportSize({ width, height: VIEWPORT.height });
  const grid = page.getByTestId('environment-card-grid');
  await grid.waitFor({ timeout: TIMEOUT });
  const content = await horizontalExtent(grid.locator('xpath=..'), 'content');
  if (content.right > width) {
    throw new Error(`at ${width} px the content ends at ${content.right} px`);
  }
  const cards = await grid.locator(':scope > *').all();
  for (const [index, card] of cards.entries()) {
    const box = await horizontalExtent(card, `card ${index + 1}`);
    if (box.left < content.left - 0.5 || box.right > content.right + 0.5) {
      throw new Error(
        `at ${width} px card ${index + 1} spans ${box.left}–${box.right} px, ` +
          `beyond the content's ${content.left}–${content.right} px`,
      );
    }
  }
  await page.screenshot({
    path: join(SCREENSHOTS, `ops-overview-${width}.png`),
    fullPage: true,
  });
}

const operatorSteps: Step[] = [
  {
    name: 'signs in as pat (platform team)',
    run: page => signIn(page, 'pat'),
  },
  {
    name: 'sees the DAGs of orders-service with their latest runs',
    run: async page => {
      await openAirflowTab(page, 'component/orders-service');
      const row = dagRow(page, 'data-prod', 'orders_daily_load');
      await row.waitFor({ timeout: TIMEOUT });
      // Run marks are labelled "<state> run <run id>".
      await row
        .getByLabel(/(success|failed|running|queued) run /)
        .first()
        .waitFor({ timeout: TIMEOUT });
    },
  },
  {
    name: 'triggers orders_daily_load with conf and sees the new run',
    run: async page => {
      const row = dagRow(page, 'data-prod', 'orders_daily_load');
      await row
        .getByRole('button', { name: 'Trigger orders_daily_load' })
        .click();
      const dialog = page.getByRole('dialog');
      // The form generated from the DAG's params comes first.
      await dialog.getByRole('tab', { name: 'Params' }).waitFor();
      await page.screenshot({ path: join(SCREENSHOTS, 'trigger-dialog.png') });
      await dialog.getByRole('tab', { name: 'JSON' }).click();
      const conf = dialog.getByLabel('conf (JSON object)');
      await conf.fill('{"load_date": "2026-11-01", "full_refresh": true}');
      await dialog.getByLabel('Note').fill('Backfill from the portal test');
      await dialog
        .getByRole('button', { name: 'Trigger', exact: true })
        .click();
      await dialog.waitFor({ state: 'hidden', timeout: TIMEOUT });
      // The new run shows up in the DAG's drawer, with an id the backend derives.
      await page
        .getByText(/^portal__/)
        .first()
        .waitFor({ timeout: TIMEOUT });
    },
  },
  {
    name: 'opens a task log of the run',
    run: async page => {
      const drawer = page.getByRole('region', {
        name: 'DAG orders_daily_load',
      });
      await drawer.waitFor({ timeout: TIMEOUT });
      await drawer.getByRole('table', { name: 'Runs' }).waitFor();
      // The newest finished run has logs for every task.
      await drawer.locator('[data-testid^="run-scheduled__"]').first().click();
      await drawer
        .getByRole('button', { name: /^Log of .* try \d+$/ })
        .first()
        .click({ timeout: TIMEOUT });
      await page
        .getByLabel('Task log')
        .getByText(/\S/)
        .first()
        .waitFor({ timeout: TIMEOUT });
      await page.getByRole('button', { name: 'Close' }).first().click();
    },
  },
  {
    name: 'pauses orders_hourly_sync after confirming',
    run: async page => {
      const row = dagRow(page, 'data-prod', 'orders_hourly_sync');
      const toggle = row.getByRole('checkbox', {
        name: 'Pause orders_hourly_sync',
      });
      await toggle.click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('button', { name: 'Pause in production' }).click();
      await dialog.waitFor({ state: 'hidden', timeout: TIMEOUT });
      await row
        .getByRole('checkbox', { name: 'Unpause orders_hourly_sync' })
        .waitFor({ timeout: TIMEOUT });
    },
  },
  {
    name: 'finds both actions in the audit view',
    run: async page => {
      await page.goto(`${APP}/airflow/audit`);
      const records = page.getByRole('table', { name: 'Audit records' });
      await records.waitFor({ timeout: TIMEOUT });
      await records.getByText('dag.trigger').first().waitFor();
      await records.getByText('dag.pause').first().waitFor();
    },
  },
  {
    name: "shows a team's environments and the DAGs of what it owns",
    run: async page => {
      await openAirflowTab(page, 'group/team-data');
      const owned = page.getByRole('region', { name: 'Owned environments' });
      await owned
        .getByText('Legacy ETL (Airflow 2)')
        .first()
        .waitFor({ timeout: TIMEOUT });
      // DAGs come grouped by the component they are bound to.
      await dagRow(page, 'data-prod', 'customer_360_build').waitFor();
      await dagRow(page, 'legacy-etl', 'orders_hourly_sync').waitFor();
    },
  },
  {
    name: 'shows every environment on the ops overview',
    run: async page => {
      await page.goto(`${APP}/airflow/environments`);
      for (const title of [
        'Data platform (Airflow 3)',
        'Legacy ETL (Airflow 2)',
        'Payments (Amazon MWAA)',
      ]) {
        await page.getByText(title).first().waitFor({ timeout: TIMEOUT });
      }
      // Laptop widths: the card grid must fit; then back to the journey's size.
      await checkOverviewAt(page, 1440);
      await checkOverviewAt(page, 1280);
      await page.setViewportSize(VIEWPORT);
    },
  },
];

const readerSteps: Step[] = [
  {
    name: 'signs in as carol (marketing, read only)',
    run: page => signIn(page, 'carol'),
  },
  {
    name: 'sees the trigger button of campaign-analytics disabled',
    run: async page => {
      await openAirflowTab(page, 'component/campaign-analytics');
      const trigger = { name: 'Trigger campaign_email_sync' };
      const row = dagRow(page, 'data-prod', 'campaign_email_sync');
      const button = row.getByRole('button', trigger);
      // The button is also disabled while permissions are being checked: wait
      // for the reason a decision gives ("You may not …").
      await row
        .locator('[data-disabled-reason^="You may not"]', {
          has: page.getByRole('button', trigger),
        })
        .waitFor({ timeout: TIMEOUT });
      if (!(await button.isDisabled())) {
        throw new Error('the trigger button is enabled for a read-only user');
      }
    },
  },
  {
    name: 'is refused by the backend when calling trigger directly',
    run: async () => {
      const token = await demoToken('carol');
      const res = await fetch(
        `${BACKEND}/api/airflow/entities/default/component/campaign-analytics/environments/data-prod/dags/campaign_email_sync/runs`,
        {
          method: 'POST',
          headers: {
            Authorization: `Bearer ${token}`,
            'Content-Type': 'application/json',
          },
          body: JSON.stringify({ requestId: 'e2e-denied-trigger' }),
        },
      );
      if (res.status !== 403) {
        throw new Error(`expected 403, got ${res.status}: ${await res.text()}`);
      }
    },
  },
];

runSpec('portal', [
  { name: 'operator', steps: operatorSteps },
  { name: 'reader', steps: readerSteps },
]);
