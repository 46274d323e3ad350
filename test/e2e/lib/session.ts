/*
 * Signing in to the demo portal, shared by the browser specs: through the
 * sign-in page (as a person does), or for a token the specs call the backend
 * with directly.
 */
import type { Page } from 'playwright-core';

const APP = process.env.PORTAL_APP_URL ?? 'http://localhost:3000';
const BACKEND = process.env.PORTAL_BACKEND_URL ?? 'http://localhost:7007';
const TIMEOUT = 60_000;

/** Signs in on the demo sign-in page; the catalog is the landing page then. */
export async function signIn(page: Page, user: string) {
  await page.goto(APP);
  await page
    .getByRole('button', { name: `Sign in as ${user}` })
    .click({ timeout: 120_000 });
  await page
    .getByRole('link', { name: 'Airflow' })
    .first()
    .waitFor({ timeout: TIMEOUT });
}

/** Token of a demo user, as the sign-in page gets it. */
export async function demoToken(user: string): Promise<string> {
  const res = await fetch(
    `${BACKEND}/api/auth/demo/refresh?env=development&user=${user}`,
    { headers: { 'X-Requested-With': 'XMLHttpRequest' } },
  );
  if (!res.ok) throw new Error(`sign-in of ${user} failed: ${res.status}`);
  const body = (await res.json()) as { backstageIdentity: { token: string } };
  return body.backstageIdentity.token;
}
