/*
 * "Open in Airflow" signed in, in headless Chromium: bob (an operator of
 * mwaa-payments) clicks the button of the Amazon MWAA environment on the ops
 * overview; a new tab opens on the sign-in URL the backend created
 * (CreateWebLoginToken with the web login role, through the simulator's MWAA
 * front) and signs in as that role; the attempt is in the audit trail.
 * carol (read only) sees the button disabled with its reason, and the
 * backend refuses her call too.
 */
/* eslint-disable no-console */
import { type Page } from 'playwright-core';
import { demoToken, signIn } from './lib/session';
import { join } from 'node:path';
import { runSpec, SCREENSHOTS, TIMEOUT, type Step } from './lib/journeys';

const APP = process.env.PORTAL_APP_URL ?? 'http://localhost:3000';
const BACKEND = process.env.PORTAL_BACKEND_URL ?? 'http://localhost:7007';
/** Where the demo's webLogin.webServerUrl points: the simulator's MWAA front. */
const WEB_SERVER =
  process.env.AIRFLOW_MWAA_WEB_SERVER_URL ?? 'http://127.0.0.1:28090';
const ENVIRONMENT = 'mwaa-payments';
const BUTTON = { name: 'Open Payments (Amazon MWAA) in Airflow, signed in' };

/** The MWAA environment's card on the ops overview, once permissions are decided. */
async function paymentsCard(page: Page) {
  await page.goto(`${APP}/airflow/environments`);
  const card = page.getByTestId(`environment-${ENVIRONMENT}`);
  await card.getByRole('button', BUTTON).waitFor({ timeout: TIMEOUT });
  // Disabled is also what the button is while permissions are checked.
  await card
    .locator('[data-disabled-reason="Checking permissions…"]')
    .waitFor({ state: 'detached', timeout: TIMEOUT });
  return card;
}

const operatorSteps: Step[] = [
  {
    name: 'signs in as bob (payments operator)',
    run: page => signIn(page, 'bob'),
  },
  {
    name: 'opens Payments (Amazon MWAA) in Airflow, signed in, in a new tab',
    run: async (page, context) => {
      const card = await paymentsCard(page);
      const button = card.getByRole('button', BUTTON);
      if (await button.isDisabled()) {
        throw new Error('the sign-in button is disabled for an operator');
      }
      const [tab] = await Promise.all([
        context.waitForEvent('page', { timeout: TIMEOUT }),
        button.click(),
      ]);
      await tab.waitForURL(`${WEB_SERVER}/aws_mwaa/aws-console-sso**`, {
        timeout: TIMEOUT,
      });
      // The simulated web server signs in with the token of the URL's fragment.
      await tab
        .getByText(
          `Signed in to ${ENVIRONMENT} as assumed-role/backstage-airflow-web-login/`,
        )
        .waitFor({ timeout: TIMEOUT });
      await tab.screenshot({ path: join(SCREENSHOTS, 'weblogin-tab.png') });
      await tab.close();
    },
  },
  {
    name: 'the sign-in is in the audit trail, without its token',
    run: async () => {
      const token = await demoToken('pat');
      const res = await fetch(
        `${BACKEND}/api/airflow/audit?action=environment.web-login&actor=${encodeURIComponent(
          'user:default/bob',
        )}&environment=${ENVIRONMENT}`,
        { headers: { Authorization: `Bearer ${token}` } },
      );
      const text = await res.text();
      if (res.status !== 200) {
        throw new Error(`audit read failed: ${res.status}: ${text}`);
      }
      const { items } = JSON.parse(text) as {
        items: Array<{ outcome: string }>;
      };
      if (!items.some(item => item.outcome === 'succeeded')) {
        throw new Error(`no succeeded web login of bob recorded: ${text}`);
      }
      if (text.includes('aws-console-sso')) {
        throw new Error('the audit trail holds a sign-in URL');
      }
    },
  },
];

const readerSteps: Step[] = [
  {
    name: 'signs in as carol (marketing, read only)',
    run: page => signIn(page, 'carol'),
  },
  {
    name: 'sees the sign-in button of Payments (Amazon MWAA) disabled, with its reason',
    run: async page => {
      const card = await paymentsCard(page);
      await card
        .locator('[data-disabled-reason^="You may not open"]', {
          has: page.getByRole('button', BUTTON),
        })
        .waitFor({ timeout: TIMEOUT });
      if (!(await card.getByRole('button', BUTTON).isDisabled())) {
        throw new Error('the sign-in button is enabled for a read-only user');
      }
    },
  },
  {
    name: 'is refused by the backend when asking for a sign-in URL directly',
    run: async () => {
      const token = await demoToken('carol');
      const res = await fetch(
        `${BACKEND}/api/airflow/environments/${ENVIRONMENT}/web-login`,
        { method: 'POST', headers: { Authorization: `Bearer ${token}` } },
      );
      if (res.status !== 403) {
        throw new Error(`expected 403, got ${res.status}: ${await res.text()}`);
      }
    },
  },
];

runSpec('weblogin', [
  { name: 'operator', steps: operatorSteps },
  { name: 'reader', steps: readerSteps },
]);
