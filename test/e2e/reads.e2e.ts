/*
 * The new reads in headless Chromium: a DAG's grid of runs x tasks (a cell
 * opens its task log), Airflow's own event log in the DAG's drawer, and a
 * DAG bound in the catalog that Airflow does not list (ledger-export's
 * ledger_export, whose file fails to import in the simulator) shown as
 * missing with its import error on the entity tab and counted on the ops
 * overview. Screenshots: test/e2e/screenshots/reads-*.png.
 */
/* eslint-disable no-console */
import { type Page } from 'playwright-core';
import { join } from 'node:path';
import { runSpec, SCREENSHOTS, TIMEOUT, type Step } from './lib/journeys';

const APP = process.env.PORTAL_APP_URL ?? 'http://localhost:3000';

function drawer(page: Page) {
  return page.getByRole('region', { name: 'DAG orders_daily_load' });
}

const steps: Step[] = [
  {
    name: 'signs in as pat (platform team)',
    run: async page => {
      await page.goto(APP);
      await page
        .getByRole('button', { name: 'Sign in as pat' })
        .click({ timeout: 120_000 });
      await page
        .getByRole('link', { name: 'Airflow' })
        .first()
        .waitFor({ timeout: TIMEOUT });
    },
  },
  {
    name: "opens orders_daily_load's grid and a task log from a cell",
    run: async page => {
      await page.goto(
        `${APP}/catalog/default/component/orders-service/airflow`,
      );
      // orders-service runs orders_daily_load in two environments: data-prod's.
      await page
        .getByTestId('dag-row-data-prod-orders_daily_load')
        .getByRole('button', { name: 'Details of orders_daily_load' })
        .click({ timeout: TIMEOUT });
      await drawer(page).getByRole('tab', { name: 'Grid' }).click();
      const grid = drawer(page).getByRole('table', {
        name: 'Grid of runs and tasks',
      });
      await grid.waitFor({ timeout: TIMEOUT });
      // Cells are labelled "<task> in <run id>: <state>".
      const finished = grid.getByRole('button', {
        name: / in scheduled__.*: (success|failed)$/,
      });
      await finished.first().waitFor({ timeout: TIMEOUT });
      await page.screenshot({ path: join(SCREENSHOTS, 'reads-grid.png') });
      await finished.first().click();
      await page
        .getByLabel('Task log')
        .getByText(/\S/)
        .first()
        .waitFor({ timeout: TIMEOUT });
    },
  },
  {
    name: "sees Airflow's event log of the DAG",
    run: async page => {
      await drawer(page).getByRole('button', { name: 'Runs' }).click();
      await drawer(page)
        .getByRole('tab', { name: 'Airflow event log' })
        .click();
      const log = drawer(page).getByRole('table', {
        name: 'Airflow event log',
      });
      await log.waitFor({ timeout: TIMEOUT });
      // The simulator's history: an Airflow user paused the DAG in Airflow.
      await log.getByText('patch_dag').first().waitFor({ timeout: TIMEOUT });
      await log.getByText('admin').first().waitFor();
      await page.screenshot({
        path: join(SCREENSHOTS, 'reads-event-log.png'),
      });
      await page.getByRole('button', { name: 'Close' }).first().click();
    },
  },
  {
    name: 'sees ledger_export missing, with its import error',
    run: async page => {
      await page.goto(`${APP}/catalog/default/component/ledger-export/airflow`);
      const missing = page.getByRole('alert', { name: 'Missing DAGs' });
      await missing.waitFor({ timeout: TIMEOUT });
      await missing.getByText('ledger_export', { exact: true }).waitFor();
      await missing.getByText('missing', { exact: true }).waitFor();
      await missing
        .getByText(/ledger_export\.py/)
        .first()
        .click();
      await missing
        .getByText(/SyntaxError/)
        .first()
        .waitFor();
      await page.screenshot({
        path: join(SCREENSHOTS, 'reads-missing-dag.png'),
        fullPage: true,
      });
    },
  },
  {
    name: 'sees the missing DAG counted on the ops overview',
    run: async page => {
      await page.goto(`${APP}/airflow/environments`);
      const count = page
        .getByTestId('environment-data-prod')
        .getByLabel(/^\d+ missing DAGs in data-prod$/);
      await count.waitFor({ timeout: TIMEOUT });
      const label = (await count.getAttribute('aria-label')) ?? '';
      if (!(parseInt(label, 10) >= 1)) {
        throw new Error(`expected at least one missing DAG, saw "${label}"`);
      }
      await page.screenshot({
        path: join(SCREENSHOTS, 'reads-overview-missing.png'),
        fullPage: true,
      });
    },
  },
];

runSpec('reads', [{ name: 'reader', steps }]);
