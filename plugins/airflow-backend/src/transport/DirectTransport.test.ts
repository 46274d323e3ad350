import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { createTransport } from './createTransport';
import { UpstreamError } from './errors';
import {
  directEnv,
  FAST_BACKOFF,
  fakeJwt,
  manualClock,
  neverAnswers,
  rejectionOf,
  testLogger,
} from './__testUtils__/testUtils';

const BASE = 'http://airflow.test';
const PASSWORD = 'pa55-w0rd-secret';
const TOKEN = 'static-token-secret';

const server = setupServer();
registerMswTestHooks(server);

/** The transport's clock: token refreshes follow it, never the wall clock. */
let clock = manualClock();
beforeEach(() => {
  clock = manualClock();
});

const jwtEnv = (limits = {}) =>
  directEnv({ type: 'jwt', username: 'portal', password: PASSWORD }, limits);

function transportFor(env = jwtEnv(), fetchImpl?: typeof fetch) {
  return createTransport(env, {
    logger: testLogger(),
    backoff: FAST_BACKOFF,
    now: clock.now,
    fetch: fetchImpl,
  });
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

/** A 1-hour token issued at the test clock's now. */
const validJwt = (name: string) =>
  fakeJwt({ sub: name, iat: clock.seconds(), exp: clock.seconds() + 3600 });

/** Lets pending I/O and promise callbacks run until `condition` holds. */
async function until(condition: () => boolean) {
  while (!condition()) {
    await new Promise(resolve => setImmediate(resolve));
  }
}

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
    it.each(['/dags/orders/dagRuns/../logs/1', '/dags/%2E%2e/logs/1'])(
      'refuses the path %j, which a URL parser would resolve, without sending anything',
      async path => {
        const transport = createTransport(
          directEnv({ type: 'basic', username: 'admin', password: PASSWORD }),
          { logger: testLogger(), fetch: jest.fn() },
        );
        await expect(
          transport.request('v2', { method: 'GET', path, idempotent: true }),
        ).rejects.toMatchObject({ name: 'InputError' });
      },
    );

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
      const token = validJwt('a');
      const exchanges = tokenEndpoint(token);
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
      expect(auths).toEqual([`Bearer ${token}`, `Bearer ${token}`]);
    });

    it('refreshes the token ahead of its exp', async () => {
      // A 1-hour token is refreshed in its last 60 s.
      const first = validJwt('first');
      const second = fakeJwt({
        sub: 'second',
        iat: clock.seconds() + 3600,
        exp: clock.seconds() + 7200,
      });
      const exchanges = tokenEndpoint(first, second);
      const auths: (string | null)[] = [];
      server.use(
        http.get(`${BASE}/api/v2/version`, ({ request }) => {
          auths.push(request.headers.get('authorization'));
          return HttpResponse.json({ version: '3.0.6' });
        }),
      );
      const transport = transportFor();
      const version = () =>
        transport.request('v2', {
          method: 'GET',
          path: '/version',
          idempotent: true,
        });
      await version();
      clock.advance((3600 - 61) * 1000); // 61 s before exp: still used
      await version();
      clock.advance(2_000); // 59 s before exp: exchanged again
      await version();
      await version();
      expect(exchanges).toHaveLength(2);
      expect(auths).toEqual(
        [first, first, second, second].map(t => `Bearer ${t}`),
      );
    });

    it('on 401 "Token Expired" refreshes once and retries the request once, also for writes', async () => {
      const fresh = validJwt('new');
      const exchanges = tokenEndpoint(validJwt('old'), fresh);
      let calls = 0;
      server.use(
        http.post(`${BASE}/api/v2/dags/d/dagRuns`, ({ request }) => {
          calls++;
          return request.headers.get('authorization') === `Bearer ${fresh}`
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

    it('on 403 "Invalid JWT token" (a restarted server with a new secret) refreshes once and retries once', async () => {
      const fresh = validJwt('after-restart');
      const exchanges = tokenEndpoint(validJwt('before-restart'), fresh);
      let calls = 0;
      server.use(
        http.get(`${BASE}/api/v2/dags`, ({ request }) => {
          calls++;
          return request.headers.get('authorization') === `Bearer ${fresh}`
            ? HttpResponse.json({ dags: [] })
            : HttpResponse.json(
                { detail: 'Invalid JWT token' },
                { status: 403 },
              );
        }),
      );
      const res = await transportFor().request('v2', {
        method: 'GET',
        path: '/dags',
        idempotent: true,
      });
      expect(res.body).toEqual({ dags: [] });
      expect(exchanges).toHaveLength(2);
      expect(calls).toBe(2);
    });

    it('reports a 403 that persists with a fresh token as an authorisation failure', async () => {
      const exchanges = tokenEndpoint(validJwt('a'), validJwt('b'));
      let calls = 0;
      server.use(
        http.get(`${BASE}/api/v2/dags`, () => {
          calls++;
          return HttpResponse.json(
            { detail: 'Invalid JWT token' },
            { status: 403 },
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
      expect(error.details).toMatchObject({ kind: 'auth', status: 403 });
      expect(error.message).toContain('even with a freshly issued token');
      expect(error.message).toContain('not authorised');
      expect(exchanges).toHaveLength(2);
      expect(calls).toBe(2);
      expectNoSecrets(error);
    });

    it('does not exchange a new token for a 403 about permissions', async () => {
      const exchanges = tokenEndpoint(validJwt('a'));
      server.use(
        http.post(`${BASE}/api/v2/dags/d/dagRuns`, () =>
          HttpResponse.json({ detail: 'Forbidden' }, { status: 403 }),
        ),
      );
      const error = await rejectionOf(
        transportFor().request('v2', {
          method: 'POST',
          path: '/dags/d/dagRuns',
          body: {},
          idempotent: false,
        }),
      );
      expect(error.message).toContain('not authorised');
      expect(error.message).not.toContain('freshly issued');
      expect(exchanges).toHaveLength(1);
    });

    it('100 concurrent 403 "Invalid JWT token" answers after a restart make exactly one new token exchange', async () => {
      const before = validJwt('before-restart');
      const after = validJwt('after-restart');
      const exchanges = tokenEndpoint(before, after);
      let accepted = before;
      server.use(
        http.get(`${BASE}/api/v2/dags/:id`, ({ request }) =>
          request.headers.get('authorization') === `Bearer ${accepted}`
            ? HttpResponse.json({})
            : HttpResponse.json(
                { detail: 'Invalid JWT token' },
                { status: 403 },
              ),
        ),
      );
      const transport = transportFor(jwtEnv({ maxConcurrency: 100 }));
      await transport.request('v2', {
        method: 'GET',
        path: '/dags/warm',
        idempotent: true,
      });
      // The API server restarts with a new signing secret: the cached token is now unverifiable.
      accepted = after;
      await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          transport.request('v2', {
            method: 'GET',
            path: `/dags/${i}`,
            idempotent: true,
          }),
        ),
      );
      expect(exchanges).toHaveLength(2);
    });

    it('100 concurrent requests with an expired token make exactly one /auth/token call', async () => {
      const expired = fakeJwt({
        sub: 'old',
        iat: clock.seconds() - 7200,
        exp: clock.seconds() - 10,
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
      // The server refuses the very token it served. (Rebuilding it from a
      // clock in the handler gave another token once a second had passed:
      // nothing was refused and only one exchange happened.)
      const revokedToken = validJwt('revoked');
      const exchanges = tokenEndpoint(revokedToken, validJwt('fresh'));
      let revoked = false;
      server.use(
        http.get(`${BASE}/api/v2/dags/:id`, async ({ request }) => {
          await delay(5);
          const stale =
            revoked &&
            request.headers.get('authorization') === `Bearer ${revokedToken}`;
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

    it('never follows a redirect with credentials, and does not repeat its location', async () => {
      const elsewhere: string[] = [];
      server.use(
        http.post(
          `${BASE}/auth/token`,
          () =>
            new HttpResponse(null, {
              status: 307,
              headers: { Location: 'http://elsewhere.test/collect' },
            }),
        ),
        http.get(
          `${BASE}/api/v2/dags`,
          () =>
            new HttpResponse(null, {
              status: 302,
              headers: { Location: 'http://elsewhere.test/collect' },
            }),
        ),
        http.all('http://elsewhere.test/*', ({ request }) => {
          elsewhere.push(request.method);
          return HttpResponse.json({ access_token: 'stolen' });
        }),
      );
      const dags = { method: 'GET' as const, path: '/dags', idempotent: true };
      const exchange = await rejectionOf(transportFor().request('v2', dags));
      const tokenEnv = directEnv({ type: 'token', token: TOKEN });
      const call = await rejectionOf(
        transportFor(tokenEnv).request('v2', dags),
      );
      for (const [error, status] of [
        [exchange, 307],
        [call, 302],
      ] as const) {
        expect(error.details.status).toBe(status);
        expect(error.message).not.toContain('elsewhere');
        expectNoSecrets(error);
      }
      expect(elsewhere).toEqual([]);
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
      server.use(http.get(`${BASE}/api/v2/dags`, neverAnswers));
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
      let arrived = false;
      server.use(
        http.get(`${BASE}/api/v2/dags`, () => {
          arrived = true;
          return neverAnswers();
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
      // The caller gives up while Airflow holds the request.
      await until(() => arrived);
      controller.abort();
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
    // Calls wait at the fetch until the test answers them, oldest first, so
    // what overlaps never depends on timers or on how busy the machine is.
    const held: Array<() => void> = [];
    let peak = 0;
    const heldFetch = (async () => {
      peak = Math.max(peak, held.length + 1);
      await new Promise<void>(resolve => held.push(resolve));
      return Response.json({});
    }) as typeof fetch;
    const transport = transportFor(
      directEnv({ type: 'token', token: TOKEN }, { maxConcurrency: 3 }),
      heldFetch,
    );
    const all = Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        transport.request('v2', {
          method: 'GET',
          path: `/dags/${i}`,
          idempotent: true,
        }),
      ),
    );
    for (let answered = 0; answered < 10; answered++) {
      const slots = Math.min(3, 10 - answered);
      await until(() => held.length >= slots);
      expect(held).toHaveLength(slots);
      held.shift()!();
    }
    await expect(all).resolves.toHaveLength(10);
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
