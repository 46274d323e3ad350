import { AirflowSimulator, startAirflowSimulator } from '../airflow/simulator';
import { bearer, call } from '../testing/client';

describe('fault injection, latency and counters', () => {
  let sim: AirflowSimulator;
  let auth: Record<string, string>;
  beforeAll(async () => {
    sim = await startAirflowSimulator({
      flavor: 'airflow3',
      seed: 'faults',
      frozenClock: true,
    });
    auth = await bearer(sim.url);
  });
  afterAll(() => sim.close());
  beforeEach(() => {
    sim.clearFaults();
    sim.resetStats();
    sim.setLatency(0);
  });

  it('injects a status a limited number of times on matching routes only', async () => {
    sim.setFaults([
      { route: 'GET /api/v2/dags/{dag_id}', status: 503, count: 2 },
    ]);
    const statuses = [];
    for (let i = 0; i < 3; i++) {
      statuses.push(
        (
          await call(sim.url, 'GET', '/api/v2/dags/orders_daily_load', {
            headers: auth,
          })
        ).status,
      );
    }
    expect(statuses).toEqual([503, 503, 200]);
    expect(
      (await call(sim.url, 'GET', '/api/v2/dags', { headers: auth })).status,
    ).toBe(200);
    expect(sim.stats().faultsInjected).toBe(2);
  });

  it('throttles with 429 and Retry-After, resets connections and breaks bodies', async () => {
    sim.setFaults([{ route: '/api/v2/version', status: 429, count: 1 }]);
    const throttled = await call(sim.url, 'GET', '/api/v2/version');
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('1');
    sim.setFaults([{ route: '/api/v2/version', type: 'reset', count: 1 }]);
    await expect(call(sim.url, 'GET', '/api/v2/version')).rejects.toThrow();
    sim.setFaults([{ route: '/api/v2/version', type: 'malformed', count: 1 }]);
    const broken = await call(sim.url, 'GET', '/api/v2/version');
    expect(broken.status).toBe(200);
    expect(typeof broken.body).toBe('string');
  });

  it('sends a chosen Retry-After and answers with a large body', async () => {
    sim.setFaults([
      {
        route: '/api/v2/version',
        status: 503,
        retryAfterSeconds: 7,
        count: 1,
      },
      { route: '/api/v2/version', type: 'large', bytes: 4096, count: 1 },
    ]);
    const unavailable = await call(sim.url, 'GET', '/api/v2/version');
    expect(unavailable.status).toBe(503);
    expect(unavailable.headers.get('retry-after')).toBe('7');
    const large = await fetch(`${sim.url}/api/v2/version`);
    const text = await large.text();
    expect(large.status).toBe(200);
    expect(Buffer.byteLength(text)).toBe(4096);
    expect(JSON.parse(text).filler).toMatch(/^x+$/);
  });

  it('restarts with a new JWT secret: tokens issued before are invalid', async () => {
    const other = await startAirflowSimulator({
      flavor: 'airflow3',
      frozenClock: true,
    });
    try {
      const before = await bearer(other.url);
      expect(
        (await call(other.url, 'GET', '/api/v2/dags', { headers: before }))
          .status,
      ).toBe(200);
      const restarted = await call(other.url, 'POST', '/_simulator/restart');
      expect(restarted.body).toEqual({ restarted: true });
      const refused = await call(other.url, 'GET', '/api/v2/dags', {
        headers: before,
      });
      expect(refused.status).toBe(403);
      expect(refused.body.detail).toBe('Invalid JWT token');
      other.restart();
      const after = await bearer(other.url);
      expect(
        (await call(other.url, 'GET', '/api/v2/dags', { headers: after }))
          .status,
      ).toBe(200);
    } finally {
      await other.close();
    }
  });

  it('applies probabilistic faults deterministically per seed', async () => {
    sim.setFaults([
      { route: '/api/v2/version', status: 500, probability: 0.5 },
    ]);
    const statuses = [];
    for (let i = 0; i < 20; i++)
      statuses.push((await call(sim.url, 'GET', '/api/v2/version')).status);
    expect(statuses).toContain(500);
    expect(statuses).toContain(200);
  });

  it('adds latency per request', async () => {
    sim.setLatency(120);
    // A monotonic clock: the wall clock may be stepped while the request waits.
    const started = performance.now();
    await call(sim.url, 'GET', '/api/v2/version');
    expect(performance.now() - started).toBeGreaterThanOrEqual(110);
  });

  it('counts requests by route template, token requests and triggered runs', async () => {
    await bearer(sim.url);
    await call(sim.url, 'GET', '/api/v2/dags/orders_daily_load', {
      headers: auth,
    });
    await call(sim.url, 'GET', '/api/v2/dags/payments_reconcile', {
      headers: auth,
    });
    await call(sim.url, 'POST', '/api/v2/dags/platform_cleanup/dagRuns', {
      headers: auth,
      body: { logical_date: null },
    });
    const stats = sim.stats();
    expect(stats.byRoute['GET /api/v2/dags/{dag_id}']).toBe(2);
    expect(stats.tokenRequests).toBe(1);
    expect(stats.triggeredRuns).toEqual({ platform_cleanup: 1 });
  });

  it('exposes the same knobs over the /_simulator control API', async () => {
    const add = await call(sim.url, 'POST', '/_simulator/faults', {
      body: { route: '/api/v2/importErrors', status: 500 },
    });
    expect(add.body.faults).toHaveLength(1);
    expect(
      (await call(sim.url, 'GET', '/api/v2/importErrors', { headers: auth }))
        .status,
    ).toBe(500);
    await call(sim.url, 'DELETE', '/_simulator/faults');
    expect(
      (await call(sim.url, 'GET', '/api/v2/importErrors', { headers: auth }))
        .status,
    ).toBe(200);
    const stats = await call(sim.url, 'GET', '/_simulator/stats');
    expect(stats.body.byRoute['GET /api/v2/importErrors']).toBe(2);
    await call(sim.url, 'POST', '/_simulator/reset-stats');
    expect(
      (await call(sim.url, 'GET', '/_simulator/stats')).body.totalRequests,
    ).toBe(0);
    await call(sim.url, 'POST', '/_simulator/token-lifetime', {
      body: { seconds: 5 },
    });
    const token = (
      await call(sim.url, 'POST', '/auth/token', {
        body: { username: 'admin', password: 'admin' },
      })
    ).body.access_token;
    await call(sim.url, 'POST', '/_simulator/clock/advance', {
      body: { seconds: 6 },
    });
    const expired = await call(sim.url, 'GET', '/api/v2/dags', {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(expired.body.detail).toBe('Token Expired');
    await call(sim.url, 'POST', '/_simulator/health', {
      body: { unhealthy: ['scheduler'] },
    });
    expect(
      (await call(sim.url, 'GET', '/api/v2/monitor/health')).body.scheduler
        .status,
    ).toBe('unhealthy');
  });

  it('closes cleanly even with a hung request', async () => {
    const other = await startAirflowSimulator({ flavor: 'airflow3' });
    other.setFaults([{ type: 'hang' }]);
    const pending = fetch(`${other.url}/api/v2/version`).catch(e => e);
    // Close only once the server holds the request.
    while (other.stats().faultsInjected === 0) {
      await new Promise(resolve => setImmediate(resolve));
    }
    await other.close();
    expect(String(await pending)).toMatch(/fetch failed/);
  });
});
