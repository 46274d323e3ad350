/*
 * The ops overview at fifty-three environments (test/e2e/fleet.sh): signed in
 * as pat, the compact table shows one row per environment, the two
 * unreachable fleet members first, then the degraded ones; a status filter
 * keeps only those; saves ops-overview-fleet.png (and -problems.png).
 */
/* eslint-disable no-console */
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const APP = process.env.PORTAL_APP_URL ?? 'http://localhost:3000';
const SCREENSHOTS = join(__dirname, 'screenshots');
const TIMEOUT = 120_000;
const EXPECTED_ROWS = 53;

async function main() {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  try {
    const page = await browser.newPage({
      viewport: { width: 1440, height: 1000 },
    });
    page.setDefaultTimeout(TIMEOUT);
    await page.goto(APP);
    await page.getByRole('button', { name: 'Sign in as pat' }).click();
    await page.getByRole('link', { name: 'Airflow' }).first().waitFor();
    await page.goto(`${APP}/airflow/environments`);

    const table = page.getByRole('table', { name: 'Environments' });
    await table.waitFor();
    const rows = table.locator('tbody tr');
    // Every environment answers or times out; wait until all rows are there.
    await page.waitForFunction(
      count => document.querySelectorAll('tbody tr').length >= count,
      EXPECTED_ROWS,
    );
    const count = await rows.count();
    if (count !== EXPECTED_ROWS) {
      throw new Error(`expected ${EXPECTED_ROWS} rows, saw ${count}`);
    }
    const top = await rows.evaluateAll(trs =>
      trs.slice(0, 2).map(tr => tr.getAttribute('data-testid')),
    );
    const unreachable = [
      'environment-row-fleet-12',
      'environment-row-fleet-41',
    ];
    if (top.slice().sort().join() !== unreachable.join()) {
      throw new Error(
        `the first rows are ${top.join(', ')}, not the unreachable`,
      );
    }
    await page.screenshot({
      path: join(SCREENSHOTS, 'ops-overview-fleet.png'),
      fullPage: true,
    });

    await page.getByLabel('Status', { exact: true }).click();
    await page.getByRole('option', { name: 'unreachable' }).click();
    await page.waitForFunction(
      () => document.querySelectorAll('tbody tr').length === 2,
    );
    await page.screenshot({
      path: join(SCREENSHOTS, 'ops-overview-fleet-problems.png'),
    });
    console.log(`  ✓ fleet: ${count} rows, unreachable first, filter works`);
    console.log(`screenshots: ${SCREENSHOTS}`);
  } finally {
    await browser.close();
  }
}

main().catch(error => {
  console.error(`  ✗ fleet: ${String(error)}`);
  process.exit(1);
});
