import { startAirflowSimulator, AirflowSimulator } from '../simulator';
import { decodeJwt } from '../../auth/jwt';
import { bearer, call } from '../../testing/client';

describe('Airflow 3 authentication', () => {
  let sim: AirflowSimulator;
  beforeAll(async () => {
    sim = await startAirflowSimulator({
      flavor: 'airflow3',
      seed: 'auth',
      tokenLifetimeSeconds: 600,
      frozenClock: true,
    });
  });
  afterAll(() => sim.close());

  it('issues an HS256 JWT with 201 and exp = now + lifetime', async () => {
    const reply = await call(sim.url, 'POST', '/auth/token', {
      body: { username: 'admin', password: 'admin' },
    });
    expect(reply.status).toBe(201);
    expect(Object.keys(reply.body)).toEqual(['access_token']);
    const header = JSON.parse(
      Buffer.from(
        reply.body.access_token.split('.')[0],
        'base64url',
      ).toString(),
    );
    expect(header.alg).toBe('HS256');
    const claims = decodeJwt(reply.body.access_token);
    expect(claims.exp - claims.iat).toBe(600);
    expect(claims.iat).toBe(Math.floor(sim.state.now() / 1000));
  });

  it('accepts form bodies and rejects bad input like the simple auth manager', async () => {
    const form = await call(sim.url, 'POST', '/auth/token', {
      rawBody: 'username=admin&password=admin',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(201);
    const missing = await call(sim.url, 'POST', '/auth/token', {
      body: { username: 'admin' },
    });
    expect(missing).toMatchObject({
      status: 400,
      body: { detail: 'Username and password must be provided' },
    });
    const wrong = await call(sim.url, 'POST', '/auth/token', {
      body: { username: 'admin', password: 'x' },
    });
    expect(wrong).toMatchObject({
      status: 401,
      body: { detail: 'Invalid credentials' },
    });
    const xml = await call(sim.url, 'POST', '/auth/token', {
      rawBody: '<x/>',
      headers: { 'content-type': 'text/xml' },
    });
    expect(xml.status).toBe(415);
    const cli = await call(sim.url, 'POST', '/auth/token/cli', {
      body: { username: 'admin', password: 'admin' },
    });
    expect(cli.status).toBe(201);
  });

  it('distinguishes missing, expired and forged tokens', async () => {
    expect(await call(sim.url, 'GET', '/api/v2/dags')).toMatchObject({
      status: 401,
      body: { detail: 'Not authenticated' },
    });
    const auth = await bearer(sim.url);
    expect(
      (await call(sim.url, 'GET', '/api/v2/dags', { headers: auth })).status,
    ).toBe(200);
    const forged = { authorization: `${auth.authorization.slice(0, -4)}AAAA` };
    expect(
      await call(sim.url, 'GET', '/api/v2/dags', { headers: forged }),
    ).toMatchObject({
      status: 403,
      body: { detail: 'Invalid JWT token' },
    });
    sim.advanceTime(601_000);
    expect(
      await call(sim.url, 'GET', '/api/v2/dags', { headers: auth }),
    ).toMatchObject({
      status: 401,
      body: { detail: 'Token Expired' },
    });
  });

  it('leaves health and version open and answers /api/v1 with the Airflow 3 hint', async () => {
    const health = await call(sim.url, 'GET', '/api/v2/monitor/health');
    expect(health.status).toBe(200);
    expect(health.body.scheduler.status).toBe('healthy');
    const before = Date.parse(health.body.scheduler.latest_scheduler_heartbeat);
    sim.advanceTime(30_000);
    const later = await call(sim.url, 'GET', '/api/v2/monitor/health');
    expect(
      Date.parse(later.body.scheduler.latest_scheduler_heartbeat),
    ).toBeGreaterThan(before);
    sim.setUnhealthy(['triggerer']);
    expect(
      (await call(sim.url, 'GET', '/api/v2/monitor/health')).body.triggerer
        .status,
    ).toBe('unhealthy');
    expect(await call(sim.url, 'GET', '/api/v2/version')).toMatchObject({
      status: 200,
      body: { version: '3.0.6', git_version: null },
    });
    expect(await call(sim.url, 'GET', '/api/v1/dags')).toMatchObject({
      status: 404,
      body: {
        error:
          '/api/v1 has been removed in Airflow 3, please use its upgraded version /api/v2 instead.',
      },
    });
  });
});
