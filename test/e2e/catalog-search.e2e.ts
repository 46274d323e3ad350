/*
 * The Airflow environments in the catalog and the DAGs in search, in headless
 * Chromium against the running portal (test/e2e/run.sh starts it): the
 * catalog module publishes each environment as a Resource that the demo
 * components depend on; the search page finds orders_daily_load for a team
 * that may see it, and leaves it out for one that may not.
 */
/* eslint-disable no-console */
import { demoToken, signIn } from './lib/session';
import { join } from 'node:path';
import { runSpec, SCREENSHOTS, TIMEOUT, type Step } from './lib/journeys';

const APP = process.env.PORTAL_APP_URL ?? 'http://localhost:3000';
const BACKEND = process.env.PORTAL_BACKEND_URL ?? 'http://localhost:7007';
/** The provider and the collators run soon after start-up, then every minute. */
const INDEXED_WITHIN_MS = 150_000;

async function getJson(path: string, user: string): Promise<any> {
  const res = await fetch(`${BACKEND}${path}`, {
    headers: { Authorization: `Bearer ${await demoToken(user)}` },
  });
  if (!res.ok) throw new Error(`GET ${path} as ${user}: ${res.status}`);
  return res.json();
}

/** Asks again, a second apart, until `check` passes or the time is up. */
async function eventually<T>(what: string, check: () => Promise<T>) {
  const until = Date.now() + INDEXED_WITHIN_MS;
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

async function airflowDagResults(user: string, term: string) {
  const query = new URLSearchParams({ term, 'types[0]': 'airflow-dag' });
  const body = await getJson(`/api/search/query?${query}`, user);
  return (body.results as Array<{ document: any }>).map(r => r.document);
}

const steps: Step[] = [
  {
    name: 'the catalog holds data-prod as an airflow-environment Resource',
    run: async () => {
      const resource = await eventually('data-prod not published', () =>
        getJson(
          '/api/catalog/entities/by-name/resource/default/data-prod',
          'pat',
        ),
      );
      if (resource.spec.type !== 'airflow-environment') {
        throw new Error(`data-prod is a ${resource.spec.type}`);
      }
      if (resource.spec.owner !== 'group:default/platform-team') {
        throw new Error(`data-prod is owned by ${resource.spec.owner}`);
      }
      // No credential field anywhere, and no credentials in a link.
      const secretKeys: string[] = [];
      JSON.stringify(resource, (key, value) => {
        if (/password|secret|credential|token/i.test(key)) secretKeys.push(key);
        return value;
      });
      if (
        secretKeys.length > 0 ||
        /\/\/[^/@\s"]+:[^/@\s"]+@/.test(JSON.stringify(resource))
      ) {
        throw new Error(
          `the environment Resource carries a secret-looking field: ${
            secretKeys.join(', ') || 'a link with credentials'
          }`,
        );
      }
    },
  },
  {
    name: 'orders-service depends on data-prod and legacy-etl',
    run: async () => {
      const entity = await eventually('relations not there yet', async () => {
        const found = await getJson(
          '/api/catalog/entities/by-name/component/default/orders-service',
          'pat',
        );
        const targets = (found.relations ?? [])
          .filter((r: any) => r.type === 'dependsOn')
          .map((r: any) => r.targetRef);
        if (!targets.includes('resource:default/data-prod')) {
          throw new Error(`dependsOn ${JSON.stringify(targets)}`);
        }
        return found;
      });
      const targets = entity.relations
        .filter((r: any) => r.type === 'dependsOn')
        .map((r: any) => r.targetRef)
        .sort();
      if (
        JSON.stringify(targets) !==
        JSON.stringify([
          'resource:default/data-prod',
          'resource:default/legacy-etl',
        ])
      ) {
        throw new Error(`dependsOn ${JSON.stringify(targets)}`);
      }
    },
  },
  {
    name: 'signs in as alice (team-data)',
    run: page => signIn(page, 'alice'),
  },
  {
    name: "the environment shows in orders-service's relations graph",
    run: async page => {
      await page.goto(`${APP}/catalog/default/component/orders-service`);
      await page
        .locator('svg')
        .getByText(/data-prod|Data platform \(Airflow 3\)/)
        .first()
        .waitFor({ timeout: TIMEOUT });
      await page.screenshot({
        path: join(SCREENSHOTS, 'catalog-environment-graph.png'),
        fullPage: true,
      });
    },
  },
  {
    name: 'search finds orders_daily_load and opens it on its Airflow tab',
    run: async page => {
      await eventually('orders_daily_load not indexed for alice', async () => {
        const found = await airflowDagResults('alice', 'orders_daily_load');
        if (!found.some(d => d.dagId === 'orders_daily_load')) {
          throw new Error(`found ${JSON.stringify(found.map(d => d.dagId))}`);
        }
      });
      await page.goto(`${APP}/search?query=orders_daily_load`);
      const result = page
        .getByRole('link', { name: /orders_daily_load|Orders daily load/i })
        .first();
      await result.waitFor({ timeout: TIMEOUT });
      await page.screenshot({
        path: join(SCREENSHOTS, 'search-airflow-dag.png'),
        fullPage: true,
      });
      await result.click();
      await page.waitForURL(
        /\/catalog\/default\/component\/orders-service\/airflow/,
        {
          timeout: TIMEOUT,
        },
      );
      // The result names the DAG (`?dag=<env>/<dagId>`): its drawer opens.
      await page
        .getByRole('region', { name: 'DAG orders_daily_load' })
        .waitFor({ timeout: TIMEOUT });
    },
  },
  {
    name: 'a team that may not see orders-service does not find its DAG',
    run: async () => {
      // Indexed (alice found it above): carol's answer is the permission filter's.
      const found = await airflowDagResults('carol', 'orders_daily_load');
      const leaked = found.filter(
        d => d.entityRef === 'component:default/orders-service',
      );
      if (leaked.length > 0) {
        throw new Error(`carol found ${JSON.stringify(leaked)}`);
      }
    },
  },
];

runSpec('catalog-search', [{ name: 'alice', steps }]);
