import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { createTransport } from './createTransport';
import { UpstreamError } from './errors';
import {
  directEnv,
  FAST_BACKOFF,
  fakeJwt,
  nowSeconds,
  rejectionOf,
  testLogger,
} from './__testUtils__/testUtils';

const BASE = 'http://airflow.test';
const PASSWORD = 'pa55-w0rd-secret';
const TOKEN = 'static-token-secret';

const server = setupServer();
registerMswTestHooks(server);

const jwtEnv = (limits = {}) =>
  directEnv({ type: 'jwt', username: 'portal', password: PASSWORD }, limits);

function transportFor(env = jwtEnv()) {
  return createTransport(env, { logger: testLogger(), backoff: FAST_BACKOFF });
}

/** Serves `/auth/token` with the given tokens in turn (the last one repeats) and counts calls. */
function tokenEndpoint(...tokens: string[]) {
  const calls: unknown[] = [];
  server.use(
    http.post(`${BASE}/auth/token`, async ({ request }) => {
      calls.push(await request.json());
      const token = tokens[Math.min(calls.length - 1, tokens.length - 1)];
      return HttpResponse.json({ access_token: token }, { status: 201 });
    }),
  );
  return calls;
}

const validJwt = (name: string) =>
  fakeJwt({ sub: name, iat: nowSeconds(), exp: nowSeconds() + 3600 });

function expectNoSecrets(error: unknown) {
  const text = `${(error as Error).message} ${JSON.stringify(
    (error as UpstreamError).details,
  )}`;
  expect(text).not.toContain(PASSWORD);
  expect(text).not.toContain(TOKEN);
  expect(text).not.toMatch(/Authorization|Bearer|Basic /);
}

describe('DirectTransport', () => {
  describe('requests', () => {
    it('builds the versioned URL, repeated query keys, JSON body and headers', async () => {
      let seen: Request | undefined;
      let body: unknown;
      server.use(
        http.patch(`${BASE}/api/v1/dags/my_dag`, async ({ request }) => {
          seen = request.clone();
          body = await request.json();
          return HttpResponse.json({ dag_id: 'my_dag' });
        }),
      );
      const transport = createTransport(
        directEnv({ type: 'basic', username: 'admin', password: PASSWORD }),
        { logger: testLogger() },
      );

      const res = await transport.request('v1', {
        method: 'PATCH',
        path: '/dags/my_dag',
        query: {
          update_mask: 'is_paused',
          tags: ['a', 'b'],
          skip: undefined,
          n: 5,
        },
        body: { is_paused: true },
        idempotent: false,
      });

      expect(res).toEqual({ status: 200, body: { dag_id: 'my_dag' } });
      const url = new URL(seen!.url);
      expect(url.searchParams.getAll('tags')).toEqual(['a', 'b']);
      expect(url.searchParams.get('update_mask')).toBe('is_paused');
      expect(url.searchParams.get('n')).toBe('5');
      expect(url.searchParams.has('skip')).toBe(false);
      expect(seen!.headers.get('accept')).toBe('application/json');
      expect(seen!.headers.get('content-type')).toBe('application/json');
      expect(seen!.headers.get('authorization')).toBe(
        `Basic ${Buffer.from(`admin:${PASSWORD}`).toString('base64')}`,
      );
      expect(body).toEqual({ is_paused: true });
      expect(transport.kind).toBe('basic');
    });

    it('sends a static bearer token and returns undefined for an empty body', async () => {
      let auth: string | null = null;
      server.use(
        http.delete(`${BASE}/api/v2/dags/x`, ({ request }) => {
          auth = request.headers.get('authorization');
          return new HttpResponse(null, { status: 204 });
        }),
      );
      const transport = transportFor(
        directEnv({ type: 'token', token: TOKEN }),
      );
      await expect(
        transport.request('v2', {
          method: 'DELETE',
          path: '/dags/x',
          idempotent: false,
        }),
      ).resolves.toEqual({ status: 204, body: undefined });
      expect(auth).toBe(`Bearer ${TOKEN}`);
      expect(transport.kind).toBe('token');
    });
  });

  describe('JWT', () => {
    it('exchanges credentials once and reuses the token', async () => {
      const exchanges = tokenEndpoint(validJwt('a'));
      const auths: (string | null)[] = [];
      server.use(
        http.get(`${BASE}/api/v2/dags`, ({ request }) => {
          auths.push(request.headers.get('authorization'));
          return HttpResponse.json({ dags: [], total_entries: 0 });
        }),
      );
      const transport = transportFor();
      await transport.request('v2', {
        method: 'GET',
        path: '/dags',
        idempotent: true,
      });
      await transport.request('v2', {
        method: 'GET',
        path: '/dags',
        idempotent: true,
      });

      expect(exchanges).toEqual([{ username: 'portal', password: PASSWORD }]);
      expect(auths).toEqual([
        `Bearer ${validJwt('a')}`,
        `Bearer ${validJwt('a')}`,
      ]);
    });

    it('refreshes the token ahead of its exp', async () => {
      // A 1-hour token with 30 s left is inside the 60 s refresh window.
      const expiring = fakeJwt({
        sub: 'old',
        iat: nowSeconds() - 3570,
        exp: nowSeconds() + 30,
      });
      const exchanges = tokenEndpoint(expiring, validJwt('new'));
      const auths: (string | null)[] = [];
      server.use(
        http.get(`${BASE}/api/v2/version`, ({ request }) => {
          auths.push(request.headers.get('authorization'));
          return HttpResponse.json({ version: '3.0.6' });
        }),
      );
      const transport = transportFor();
      for (let i = 0; i < 3; i++) {
        await transport.request('v2', {
          method: 'GET',
          path: '/version',
          idempotent: true,
        });
      }
      expect(exchanges).toHaveLength(2);
      expect(auths).toEqual([
        `Bearer ${expiring}`,
        `Bearer ${validJwt('new')}`,
        `Bearer ${validJwt('new')}`,
      ]);
    });

    it('on 401 "Token Expired" refreshes once and retries the request once, also for writes', async () => {
      const exchanges = tokenEndpoint(validJwt('old'), validJwt('new'));
      let calls = 0;
      server.use(
        http.post(`${BASE}/api/v2/dags/d/dagRuns`, ({ request }) => {
          calls++;
          return request.headers.get('authorization') ===
            `Bearer ${validJwt('new')}`
            ? HttpResponse.json({ dag_run_id: 'r' })
            : HttpResponse.json({ detail: 'Token Expired' }, { status: 401 });
        }),
      );
      const res = await transportFor().request('v2', {
        method: 'POST',
        path: '/dags/d/dagRuns',
        body: { logical_date: null },
        idempotent: false,
      });
      expect(res.body).toEqual({ dag_run_id: 'r' });
      expect(exchanges).toHaveLength(2);
      expect(calls).toBe(2);
    });

    it('gives up after one refresh when Airflow keeps answering 401', async () => {
      const exchanges = tokenEndpoint(
        validJwt('a'),
        validJwt('b'),
        validJwt('c'),
      );
      let calls = 0;
      server.use(
        http.get(`${BASE}/api/v2/dags`, () => {
          calls++;
          return HttpResponse.json(
            { detail: 'Token Expired' },
            { status: 401 },
          );
        }),
      );
      const error = await rejectionOf(
        transportFor().request('v2', {
          method: 'GET',
          path: '/dags',
          idempotent: true,
        }),
      );
      expect(error.details).toMatchObject({
        kind: 'auth',
        status: 401,
        detail: 'Token Expired',
      });
      expect(exchanges).toHaveLength(2);
      expect(calls).toBe(2);
      expectNoSecrets(error);
    });

    it('100 concurrent requests with an expired token make exactly one /auth/token call', async () => {
      const expired = fakeJwt({
        sub: 'old',
        iat: nowSeconds() - 7200,
        exp: nowSeconds() - 10,
      });
      const exchanges = tokenEndpoint(expired, validJwt('fresh'));
      server.use(
        http.get(`${BASE}/api/v2/dags/:id`, async ({ params }) => {
          await delay(5);
          return HttpResponse.json({ dag_id: params.id });
        }),
      );
      const transport = transportFor(jwtEnv({ maxConcurrency: 100 }));
      await transport.request('v2', {
        method: 'GET',
        path: '/dags/first',
        idempotent: true,
      });
      expect(exchanges).toHaveLength(1);

      const results = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          transport.request('v2', {
            method: 'GET',
            path: `/dags/d${i}`,
            idempotent: true,
          }),
        ),
      );
      expect(results).toHaveLength(100);
      expect(exchanges).toHaveLength(2);
    });

    it('100 concurrent 401 "Token Expired" answers make exactly one /auth/token call', async () => {
      const exchanges = tokenEndpoint(validJwt('revoked'), validJwt('fresh'));
      let revoked = false;
      server.use(
        http.get(`${BASE}/api/v2/dags/:id`, async ({ request }) => {
          await delay(5);
          const stale =
            revoked &&
            request.headers.get('authorization') ===
              `Bearer ${validJwt('revoked')}`;
          return stale
            ? HttpResponse.json({ detail: 'Token Expired' }, { status: 401 })
            : HttpResponse.json({});
        }),
      );
      const transport = transportFor(jwtEnv({ maxConcurrency: 100 }));
      await transport.request('v2', {
        method: 'GET',
        path: '/dags/warmup',
        idempotent: true,
      });
      expect(exchanges).toHaveLength(1);
      // The server now refuses the cached token although its exp looks fine.
      revoked = true;
      await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          transport.request('v2', {
            method: 'GET',
            path: `/dags/d${i}`,
            idempotent: true,
          }),
        ),
      );
      expect(exchanges).toHaveLength(2);
    });

    it('reports a refused token exchange as an auth failure without credentials', async () => {
      server.use(
        http.post(`${BASE}/auth/token`, () =>
          HttpResponse.json({ detail: 'Invalid credentials' }, { status: 401 }),
        ),
      );
      const error = await rejectionOf(
        transportFor().request('v2', {
          method: 'GET',
          path: '/dags',
          idempotent: true,
        }),
      );
      expect(error).toBeInstanceOf(UpstreamError);
      expect(error.details).toMatchObject({
        environment: 'prod',
        kind: 'auth',
        status: 401,
        detail: 'Invalid credentials',
      });
      expect(error.message).toContain('token exchange failed');
      expectNoSecrets(error);
    });

    it('reports a token answer without access_token as an auth failure', async () => {
      server.use(
        http.post(`${BASE}/auth/token`, () =>
          HttpResponse.json({}, { status: 201 }),
        ),
      );
      const error = await rejectionOf(
        transportFor().request('v2', {
          method: 'GET',
          path: '/dags',
          idempotent: false,
        }),
      );
      expect(error.details.kind).toBe('auth');
    });
  });

  describe('errors', () => {
    const basicTransport = () =>
      transportFor(
        directEnv(
          { type: 'basic', username: 'u', password: PASSWORD },
          { readRetries: 0 },
        ),
      );

    it.each<[string, unknown, number, string]>([
      [
        'v2 string detail',
        { detail: "DAG with dag_id: 'x' not found" },
        404,
        "DAG with dag_id: 'x' not found",
      ],
      [
        'v2 object detail',
        { detail: { reason: 'Unique constraint violation', message: 'dup' } },
        409,
        '{"reason":"Unique constraint violation","message":"dup"}',
      ],
      [
        'v2 validation detail',
        {
          detail: [
            {
              loc: ['body', 'logical_date'],
              msg: 'Field required',
              type: 'missing',
            },
          ],
        },
        422,
        'body.logical_date: Field required',
      ],
      [
        'v1 RFC 7807',
        {
          type: 'about:blank',
          title: 'DAG not found',
          status: 404,
          detail: 'The DAG x was not found',
        },
        404,
        'The DAG x was not found',
      ],
      [
        'Airflow 3 error on /api/v1',
        {
          error:
            '/api/v1 has been removed in Airflow 3, please use its upgraded version /api/v2 instead.',
        },
        404,
        '/api/v1 has been removed in Airflow 3, please use its upgraded version /api/v2 instead.',
      ],
    ])('maps %s', async (_, body, status, detail) => {
      server.use(
        http.get(`${BASE}/api/v1/dags/x`, () =>
          HttpResponse.json(body as object, { status }),
        ),
      );
      const error = await rejectionOf(
        basicTransport().request('v1', {
          method: 'GET',
          path: '/dags/x',
          idempotent: true,
        }),
      );
      expect(error.details).toEqual({
        environment: 'prod',
        kind: 'http',
        status,
        detail,
      });
      expect(error.message).toContain('Airflow environment "prod"');
      expect(error.message).toContain(
        `GET /dags/x failed with status ${status}`,
      );
      expectNoSecrets(error);
    });

    it('maps 401/403 to auth and 429 to throttled', async () => {
      server.use(
        http.get(`${BASE}/api/v1/a`, () =>
          HttpResponse.json({ title: 'Unauthorized' }, { status: 401 }),
        ),
        http.get(`${BASE}/api/v1/b`, () =>
          HttpResponse.json({ detail: 'Forbidden' }, { status: 403 }),
        ),
        http.get(`${BASE}/api/v1/c`, () =>
          HttpResponse.json({ detail: 'slow down' }, { status: 429 }),
        ),
      );
      const t = basicTransport();
      const kinds = await Promise.all(
        ['/a', '/b', '/c'].map(
          async path =>
            (
              await rejectionOf(
                t.request('v1', { method: 'GET', path, idempotent: false }),
              )
            ).details.kind,
        ),
      );
      expect(kinds).toEqual(['auth', 'auth', 'throttled']);
    });

    it('maps a non-JSON success body to malformed', async () => {
      server.use(
        http.get(`${BASE}/api/v2/dags`, () =>
          HttpResponse.text('<html>login</html>'),
        ),
      );
      const error = await rejectionOf(
        basicTransport().request('v2', {
          method: 'GET',
          path: '/dags',
          idempotent: true,
        }),
      );
      expect(error.details).toMatchObject({ kind: 'malformed', status: 200 });
    });

    it('maps an HTML error page to http without detail', async () => {
      server.use(
        http.get(`${BASE}/api/v2/dags`, () =>
          HttpResponse.text('<html>bad</html>', { status: 500 }),
        ),
      );
      const error = await rejectionOf(
        basicTransport().request('v2', {
          method: 'GET',
          path: '/dags',
          idempotent: true,
        }),
      );
      expect(error.details).toEqual({
        environment: 'prod',
        kind: 'http',
        status: 500,
        detail: undefined,
      });
    });

    it('maps a network failure to network', async () => {
      server.use(http.get(`${BASE}/api/v2/dags`, () => HttpResponse.error()));
      const error = await rejectionOf(
        basicTransport().request('v2', {
          method: 'GET',
          path: '/dags',
          idempotent: true,
        }),
      );
      expect(error.details).toEqual({ environment: 'prod', kind: 'network' });
    });

    it('times out slow calls', async () => {
      server.use(
        http.get(`${BASE}/api/v2/dags`, async () => {
          await delay(2000);
          return HttpResponse.json({});
        }),
      );
      const transport = transportFor(
        directEnv(
          { type: 'token', token: TOKEN },
          { timeoutMs: 50, readRetries: 0 },
        ),
      );
      const error = await rejectionOf(
        transport.request('v2', {
          method: 'GET',
          path: '/dags',
          idempotent: true,
        }),
      );
      expect(error.details).toEqual({ environment: 'prod', kind: 'timeout' });
      expect(error.message).toContain('timed out after 50 ms');
    });

    it('reports a caller abort as cancelled', async () => {
      server.use(
        http.get(`${BASE}/api/v2/dags`, async () => {
          await delay(2000);
          return HttpResponse.json({});
        }),
      );
      const controller = new AbortController();
      const pending = transportFor(
        directEnv({ type: 'token', token: TOKEN }),
      ).request('v2', {
        method: 'GET',
        path: '/dags',
        idempotent: true,
        signal: controller.signal,
      });
      setTimeout(() => controller.abort(), 20);
      const error = await rejectionOf(pending);
      expect(error.message).toContain('was cancelled');
    });
  });

  describe('retries', () => {
    function flaky(method: 'get' | 'post', failures: number[], path = '/dags') {
      const seen: number[] = [];
      server.use(
        http[method](`${BASE}/api/v2${path}`, () => {
          const status = failures[seen.length] ?? 200;
          seen.push(status);
          return status === 200
            ? HttpResponse.json({ ok: true })
            : HttpResponse.json({ detail: 'unavailable' }, { status });
        }),
      );
      return seen;
    }
    const tokenTransport = (readRetries = 2) =>
      transportFor(directEnv({ type: 'token', token: TOKEN }, { readRetries }));

    it('retries idempotent reads on 429, 502, 503, 504', async () => {
      const seen = flaky('get', [503, 502]);
      await expect(
        tokenTransport().request('v2', {
          method: 'GET',
          path: '/dags',
          idempotent: true,
        }),
      ).resolves.toEqual({ status: 200, body: { ok: true } });
      expect(seen).toEqual([503, 502, 200]);

      const seen2 = flaky('get', [429, 504], '/other');
      await tokenTransport().request('v2', {
        method: 'GET',
        path: '/other',
        idempotent: true,
      });
      expect(seen2).toEqual([429, 504, 200]);
    });

    it('stops after readRetries', async () => {
      const seen = flaky('get', [503, 503, 503, 503]);
      const error = await rejectionOf(
        tokenTransport(2).request('v2', {
          method: 'GET',
          path: '/dags',
          idempotent: true,
        }),
      );
      expect(error.details.status).toBe(503);
      expect(seen).toHaveLength(3);
    });

    it('never retries a POST, even on 503', async () => {
      const seen = flaky('post', [503]);
      const error = await rejectionOf(
        tokenTransport().request('v2', {
          method: 'POST',
          path: '/dags',
          body: {},
          idempotent: false,
        }),
      );
      expect(error.details).toMatchObject({ kind: 'http', status: 503 });
      expect(seen).toEqual([503]);
    });

    it('does not retry other statuses', async () => {
      const seen = flaky('get', [500]);
      await rejectionOf(
        tokenTransport().request('v2', {
          method: 'GET',
          path: '/dags',
          idempotent: true,
        }),
      );
      expect(seen).toEqual([500]);
    });

    it('retries network errors of reads', async () => {
      let calls = 0;
      server.use(
        http.get(`${BASE}/api/v2/dags`, () => {
          calls++;
          return calls === 1 ? HttpResponse.error() : HttpResponse.json({});
        }),
      );
      await tokenTransport().request('v2', {
        method: 'GET',
        path: '/dags',
        idempotent: true,
      });
      expect(calls).toBe(2);
    });
  });

  it('bounds concurrent calls per environment', async () => {
    let inFlight = 0;
    let peak = 0;
    server.use(
      http.get(`${BASE}/api/v2/dags/:id`, async () => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await delay(20);
        inFlight--;
        return HttpResponse.json({});
      }),
    );
    const transport = transportFor(
      directEnv({ type: 'token', token: TOKEN }, { maxConcurrency: 3 }),
    );
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        transport.request('v2', {
          method: 'GET',
          path: `/dags/${i}`,
          idempotent: true,
        }),
      ),
    );
    expect(peak).toBe(3);
  });

  describe('detectApiVersion', () => {
    it('detects v2 from /api/v2/version without sending credentials', async () => {
      let auth: string | null = 'unset';
      server.use(
        http.get(`${BASE}/api/v2/version`, ({ request }) => {
          auth = request.headers.get('authorization');
          return HttpResponse.json({ version: '3.0.6', git_version: null });
        }),
      );
      await expect(transportFor().detectApiVersion()).resolves.toBe('v2');
      expect(auth).toBeNull();
    });

    it('falls back to v1 when /api/v2/version is 404', async () => {
      server.use(
        http.get(`${BASE}/api/v2/version`, () =>
          HttpResponse.json({ detail: 'Not Found' }, { status: 404 }),
        ),
        http.get(`${BASE}/api/v1/version`, () =>
          HttpResponse.json({ version: '2.10.5' }),
        ),
      );
      await expect(transportFor().detectApiVersion()).resolves.toBe('v1');
    });

    it('fails when neither version answers', async () => {
      server.use(
        http.get(
          `${BASE}/api/v2/version`,
          () => new HttpResponse(null, { status: 404 }),
        ),
        http.get(
          `${BASE}/api/v1/version`,
          () => new HttpResponse(null, { status: 404 }),
        ),
      );
      const error = await rejectionOf(transportFor().detectApiVersion());
      expect(error.details).toMatchObject({ kind: 'http', status: 404 });
      expect(error.message).toContain('GET /api/v1/version');
    });
  });
});
