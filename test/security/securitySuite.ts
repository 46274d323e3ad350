/*
 * The security suite (see test/README.md): against the running backend and
 * the simulator, on loopback. Deterministic: fixed users, entities and ids;
 * bounded: a fixed number of requests, each with a timeout.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs \
 *     test/security/securitySuite.ts http://127.0.0.1:7007
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const backend = new URL(process.argv[2] ?? 'http://127.0.0.1:7007');
/** Every upstream the backend can reach: the simulators and the MWAA front. */
const UPSTREAMS = [28080, 28081, 28082, 28090].map(
  port => `http://127.0.0.1:${port}`,
);
const REQUEST_TIMEOUT_MS = 20_000;

const API = '/api/airflow';
const DAG_BASE = `${API}/entities/default/component/orders-service/environments/data-prod/dags`;
/** Path parameters that name existing things, so a refusal is never a 404. */
const PARAMS: Record<string, string> = {
  namespace: 'default',
  kind: 'component',
  name: 'orders-service',
  environment: 'data-prod',
  dagId: 'orders_daily_load',
  runId: 'manual__security',
  taskId: 'extract',
  tryNumber: '1',
  backfillId: '1',
};

interface Answer {
  status: number;
  text: string;
  json: any;
}

/** Every answer of the suite, searched for secrets at the end. */
const answers: string[] = [];
const failures: string[] = [];
let checks = 0;

function check(ok: boolean, what: string) {
  checks++;
  if (!ok) failures.push(what);
}

/** One request with the path exactly as given (no dot-segment resolution). */
function send(
  method: string,
  target: string,
  options: { token?: string; body?: string; base?: URL } = {},
): Promise<Answer> {
  const base = options.base ?? backend;
  const headers: Record<string, string> = {};
  if (options.token !== undefined) {
    headers.Authorization = `Bearer ${options.token}`;
  }
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: base.hostname,
        port: base.port,
        method,
        path: target,
        headers,
        timeout: REQUEST_TIMEOUT_MS,
      },
      res => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', chunk => (text += chunk));
        res.on('end', () => {
          let json: any;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          if (base === backend) answers.push(text);
          resolve({ status: res.statusCode ?? 0, text, json });
        });
      },
    );
    req.on('timeout', () =>
      req.destroy(new Error(`${method} ${target} timed out`)),
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

/** Requests the simulators have served so far (their control routes excluded). */
async function upstreamCalls(): Promise<number> {
  let total = 0;
  for (const upstream of UPSTREAMS) {
    const res = await send('GET', '/_simulator/stats', {
      base: new URL(upstream),
    });
    total += Number(res.json?.totalRequests ?? 0);
  }
  return total;
}

/** A demo user's token, once the catalog knows the user's groups. */
async function signIn(user: string): Promise<string> {
  for (let attempt = 0; attempt < 60; attempt++) {
    const res = await fetch(
      `${backend.origin}/api/auth/demo/refresh?env=development&user=${user}`,
      { headers: { 'X-Requested-With': 'XMLHttpRequest' } },
    );
    if (res.ok) {
      const body: any = await res.json();
      const refs: string[] =
        body.backstageIdentity?.identity?.ownershipEntityRefs ?? [];
      if (refs.some(ref => ref.startsWith('group:'))) {
        return body.backstageIdentity.token;
      }
    }
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
  throw new Error(`Sign-in as ${user} failed`);
}

/** `token` with its `exp` claim in the past (its signature no longer matches, as for any altered token). */
function expired(token: string): string {
  const [header, payload, signature] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
  claims.exp = 1;
  return [
    header,
    Buffer.from(JSON.stringify(claims)).toString('base64url'),
    signature,
  ].join('.');
}

interface Operation {
  method: string;
  template: string;
  operationId: string;
  /** `x-airflow-principals`: also callable by other backend plugins. */
  allowsServices: boolean;
  /** `x-airflow-permissions`: every permission the operation checks. */
  permissions: string[];
  /** Leaves an audit record (previews, which change nothing, do not). */
  audited: boolean;
  /** The spec's example body, so that a refusal is the permission's, not the validator's. */
  sampleBody?: Record<string, unknown>;
  /** Required query parameters with their examples. */
  query: Record<string, string>;
}

function operationsOf(spec: any): Operation[] {
  const methods = ['get', 'post', 'put', 'patch', 'delete'];
  const resolve = (value: any) =>
    value?.$ref
      ? value.$ref
          .slice(2)
          .split('/')
          .reduce((node: any, key: string) => node?.[key], spec)
      : value;
  return Object.entries<any>(spec.paths).flatMap(([template, item]) =>
    methods
      .filter(method => item[method])
      .map(method => {
        const operation = item[method];
        const parameters: any[] = [
          ...(item.parameters ?? []),
          ...(operation.parameters ?? []),
        ].map(resolve);
        return {
          method: method.toUpperCase(),
          // The served document names full paths (the plugin's mount point
          // included); the suite builds them from the plugin's own.
          template: template.startsWith(API)
            ? template.slice(API.length)
            : template,
          operationId: operation.operationId ?? `${method} ${template}`,
          allowsServices: (operation['x-airflow-principals'] ?? []).includes(
            'service',
          ),
          permissions: [...(operation['x-airflow-permissions'] ?? [])],
          audited: method !== 'get' && operation['x-airflow-audited'] !== false,
          sampleBody: resolve(operation.requestBody)?.content?.[
            'application/json'
          ]?.example,
          query: Object.fromEntries(
            parameters
              .filter(p => p?.in === 'query' && p.required)
              .map(p => [p.name, String(p.example ?? '')]),
          ),
        };
      }),
  );
}

function concrete(op: Operation): string {
  const path = `${API}${op.template.replace(/\{(\w+)\}/g, (_, name) =>
    encodeURIComponent(PARAMS[name] ?? name),
  )}`;
  const query = new URLSearchParams(op.query).toString();
  return query ? `${path}?${query}` : path;
}

let requestCounter = 0;
function bodyFor(op: Operation): string | undefined {
  if (op.sampleBody) {
    requestCounter++;
    return JSON.stringify(
      'requestId' in op.sampleBody
        ? { ...op.sampleBody, requestId: `security-${requestCounter}` }
        : op.sampleBody,
    );
  }
  if (op.method === 'POST') {
    requestCounter++;
    return JSON.stringify({ requestId: `security-${requestCounter}` });
  }
  if (op.method === 'PATCH') return JSON.stringify({ isPaused: true });
  return undefined;
}

/** Refused attempts recorded for `actor` (identical denials share a record: attempts are summed). */
async function recordedRefusals(admin: string, actor: string) {
  const res = await send(
    'GET',
    `${API}/audit?limit=200&actor=${encodeURIComponent(actor)}`,
    { token: admin },
  );
  const items: any[] = res.json?.items ?? [];
  return items
    .filter(r => r.outcome === 'denied' || r.outcome === 'rejected')
    .reduce((sum, r) => sum + (r.attempts ?? 1), 0);
}

async function authMatrix(tokens: {
  pat: string;
  carol: string;
  service: string;
}) {
  const spec = (await send('GET', `${API}/openapi.json`, { token: tokens.pat }))
    .json;
  const operations = operationsOf(spec);
  check(operations.length > 0, 'the OpenAPI document lists operations');
  // Every demo user may read the environments (airflow.environment.read):
  // an operation that checks nothing else has nobody to refuse.
  const isEnvironmentRead = (op: Operation) =>
    op.template.startsWith('/environments') ||
    (op.permissions.length > 0 &&
      op.permissions.every(p => p === 'airflow.environment.read'));

  for (const op of operations) {
    const target = concrete(op);
    const label = `${op.method} ${op.template}`;
    const rows: Array<[string, string | undefined, number]> = [
      ['no token', undefined, 401],
      ['an invalid token', 'not-a-token', 401],
      ['an expired token', expired(tokens.pat), 401],
      // Users only, unless the spec lets other backend plugins call it.
      ['a service token', tokens.service, op.allowsServices ? 200 : 403],
    ];
    for (const [who, token, expected] of rows) {
      const before = await upstreamCalls();
      const res = await send(op.method, target, { token, body: bodyFor(op) });
      check(
        res.status === expected,
        `${label} with ${who}: ${res.status}, expected ${expected}`,
      );
      check(
        expected === 200 || (await upstreamCalls()) === before,
        `${label} with ${who} reached Airflow`,
      );
    }
    if (isEnvironmentRead(op)) continue;
    const refusedBefore = await recordedRefusals(
      tokens.pat,
      'user:default/carol',
    );
    const upstreamBefore = await upstreamCalls();
    const res = await send(op.method, target, {
      token: tokens.carol,
      body: bodyFor(op),
    });
    check(
      res.status === 403,
      `${label} by a user without the permission: ${res.status}, expected 403`,
    );
    check(
      (await upstreamCalls()) === upstreamBefore,
      `${label} by a user without the permission reached Airflow`,
    );
    if (op.audited) {
      const refusedAfter = await recordedRefusals(
        tokens.pat,
        'user:default/carol',
      );
      check(
        refusedAfter === refusedBefore + 1,
        `${label} refused for a user without the permission left ${
          refusedAfter - refusedBefore
        } audit records, expected exactly one`,
      );
    }
  }
  console.log(`auth matrix: ${operations.length} operations × 5 callers`);
}

/**
 * A user with a forged annotation: alice (team-data) owns
 * `orders-payments-view`, annotated with team-payments' environment and tag.
 * Its page may show those DAGs, but every DAG-scoped act is refused, and each
 * refused write leaves exactly one denied record.
 */
async function forgedAnnotation(tokens: { pat: string; alice: string }) {
  const dag = `${API}/entities/default/component/orders-payments-view/environments/mwaa-payments/dags/payments_reconcile`;
  const listed = await send(
    'GET',
    `${API}/entities/default/component/orders-payments-view/dags`,
    { token: tokens.alice },
  );
  check(
    listed.status === 200,
    `forged annotation: the page's DAG list answers ${listed.status}, expected 200`,
  );
  const acts: Array<[string, string, string | undefined, boolean]> = [
    [
      'POST',
      `${dag}/runs`,
      JSON.stringify({ requestId: 'security-forged' }),
      true,
    ],
    ['PATCH', dag, JSON.stringify({ isPaused: true }), true],
    ['GET', `${dag}/runs/r1/tasks/t1/logs/1`, undefined, false],
  ];
  for (const [method, target, body, audited] of acts) {
    const before = await recordedRefusals(tokens.pat, 'user:default/alice');
    const res = await send(method, target, { token: tokens.alice, body });
    check(
      res.status === 403,
      `forged annotation: ${method} ${target} answered ${res.status}, expected 403`,
    );
    const after = await recordedRefusals(tokens.pat, 'user:default/alice');
    const expected = audited ? 1 : 0;
    check(
      after - before === expected,
      `forged annotation: ${method} ${target} left ${
        after - before
      } denied records, expected ${expected}`,
    );
  }
  console.log('forged annotation: trigger, pause and logs refused');
}

const deep = (levels: number) =>
  `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;

/** Hostile input: each answered 4xx with a message, none reaching Airflow. */
function hostileCases(): Array<[string, string, string, string | undefined]> {
  const logs = (runId: string, taskId: string) =>
    `${DAG_BASE}/orders_daily_load/runs/${runId}/tasks/${taskId}/logs/1`;
  const trigger = `${DAG_BASE}/orders_daily_load/runs`;
  return [
    ['task id ..', 'GET', logs('r1', '%2e%2e'), undefined],
    ['run id and task id ..', 'GET', logs('%2e%2e', '%2e%2e'), undefined],
    ['task id . (plain)', 'GET', logs('r1', '.'), undefined],
    ['DAG id ..', 'GET', `${DAG_BASE}/%2e%2e/details`, undefined],
    [
      'encoded slash in a DAG id',
      'GET',
      `${DAG_BASE}/orders%2Fdaily/details`,
      undefined,
    ],
    ['? in a task id', 'GET', logs('r1', 'ex%3Ftract'), undefined],
    ['# in a DAG id', 'GET', `${DAG_BASE}/orders%23x/runs`, undefined],
    [
      'CR/LF in a run id',
      'GET',
      logs('r%0D%0AHost:%20evil', 'extract'),
      undefined,
    ],
    ['unicode DAG id', 'GET', `${DAG_BASE}/%C3%B6rders/runs`, undefined],
    [
      '300-character DAG id',
      'GET',
      `${DAG_BASE}/${'d'.repeat(300)}/runs`,
      undefined,
    ],
    [
      '300-character run id',
      'GET',
      logs('r'.repeat(300), 'extract'),
      undefined,
    ],
    [
      'unknown environment',
      'GET',
      `${API}/entities/default/component/orders-service/environments/nowhere/dags/orders_daily_load/runs`,
      undefined,
    ],
    [
      'unknown entity',
      'GET',
      `${API}/entities/default/component/no-such-entity/environments/data-prod/dags/orders_daily_load/runs`,
      undefined,
    ],
    [
      'trigger in an unknown environment',
      'POST',
      `${API}/entities/default/component/orders-service/environments/nowhere/dags/orders_daily_load/runs`,
      '{"requestId":"hostile-env"}',
    ],
    [
      'conf nested 10,000 levels',
      'POST',
      trigger,
      `{"requestId":"hostile-deep","conf":${deep(10_000)}}`,
    ],
    [
      'conf over 64 KiB',
      'POST',
      trigger,
      JSON.stringify({
        requestId: 'hostile-big',
        conf: { x: 'x'.repeat(70_000) },
      }),
    ],
    [
      'body over 256 KiB',
      'POST',
      trigger,
      JSON.stringify({ requestId: 'hostile-huge', pad: 'x'.repeat(300_000) }),
    ],
    ['body that is not JSON', 'POST', trigger, '{"requestId": '],
    [
      'conf that is an array',
      'POST',
      trigger,
      '{"requestId":"hostile-array","conf":[1]}',
    ],
    [
      'prototype pollution in a pause',
      'PATCH',
      `${DAG_BASE}/orders_daily_load`,
      '{"__proto__":{"isPaused":false},"constructor":{"prototype":{"x":1}}}',
    ],
    [
      'prototype pollution without a requestId',
      'POST',
      trigger,
      '{"__proto__":{"requestId":"x"},"conf":{}}',
    ],
    [
      'audit cursor with an impossible date',
      'GET',
      `${API}/audit?cursor=${Buffer.from('[1e300,"x"]').toString('base64url')}`,
      undefined,
    ],
    [
      'audit cursor that is not one',
      'GET',
      `${API}/audit?cursor=%00%00`,
      undefined,
    ],
    [
      'page limit of 100000',
      'GET',
      `${DAG_BASE}/orders_daily_load/runs?limit=100000`,
      undefined,
    ],
    [
      'negative offset',
      'GET',
      `${DAG_BASE}/orders_daily_load/runs?offset=-1`,
      undefined,
    ],
  ];
}

async function hostileInput(admin: string) {
  const cases = hostileCases();
  for (const [what, method, target, body] of cases) {
    const before = await upstreamCalls();
    const res = await send(method, target, { token: admin, body });
    const message = res.json?.error?.message;
    check(
      res.status >= 400 && res.status < 500,
      `hostile input (${what}): ${res.status}, expected 4xx`,
    );
    check(
      typeof message === 'string' && message.length > 0,
      `hostile input (${what}): no error message`,
    );
    check(
      (await upstreamCalls()) === before,
      `hostile input (${what}) reached Airflow`,
    );
  }
  console.log(`hostile input: ${cases.length} cases`);
}

/** Files under `dir` (the built frontend bundle), if it was built. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap(entry => {
    const full = path.join(dir, entry);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

async function secretScan(admin: string, issuedAirflowJwt: string) {
  const secrets = [
    process.env.SIM_PASSWORD,
    process.env.SECURITY_SERVICE_TOKEN,
    process.env.AWS_SECRET_ACCESS_KEY,
    process.env.AWS_ACCESS_KEY_ID,
    issuedAirflowJwt,
  ].filter((s): s is string => Boolean(s));
  // Any Airflow JWT: the simulator signs them with this header.
  const jwtHeader = issuedAirflowJwt.split('.')[0];
  const audit = await send('GET', `${API}/audit?limit=200`, { token: admin });
  check(
    audit.status === 200 && Array.isArray(audit.json?.items),
    `the audit records to scan answered ${audit.status}`,
  );
  const places: Array<[string, string]> = [
    ['the answers', answers.join('\n')],
    ['the audit records', audit.text],
  ];
  const log = process.env.SECURITY_BACKEND_LOG;
  if (log && existsSync(log)) {
    places.push(['the backend log', readFileSync(log, 'utf8')]);
  }
  const bundle = filesUnder(path.resolve('packages/app/dist'));
  for (const file of bundle) {
    places.push([file, readFileSync(file, 'latin1')]);
  }
  for (const [where, text] of places) {
    for (const secret of secrets) {
      check(
        !text.includes(secret),
        `a secret (${secret.slice(0, 4)}…) was found in ${where}`,
      );
    }
    check(!text.includes(jwtHeader), `an Airflow JWT was found in ${where}`);
  }
  console.log(
    `secret scan: ${secrets.length} secrets in ${places.length} places${
      bundle.length === 0 ? ' (frontend bundle not built: not scanned)' : ''
    }`,
  );
}

/**
 * The frontend compiles DAG param patterns on RE2 (linear time): no source
 * of the frontend may build a backtracking RegExp from data at run time.
 */
function frontendRegExps() {
  const sources = [
    ...filesUnder(path.resolve('plugins/airflow/src')),
    ...filesUnder(path.resolve('packages/app/src')),
  ].filter(file => /\.tsx?$/.test(file) && !/\.test\.tsx?$/.test(file));
  for (const file of sources) {
    check(
      !/new RegExp\(|\bRegExp\(/.test(readFileSync(file, 'utf8')),
      `${file} builds a RegExp at run time`,
    );
  }
  console.log(`frontend patterns: ${sources.length} sources without RegExp()`);
}

async function airflowJwt(): Promise<string> {
  const res = await fetch(`${UPSTREAMS[0]}/auth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      username: 'admin',
      password: process.env.SIM_PASSWORD ?? 'admin',
    }),
  });
  const body: any = await res.json();
  return body.access_token;
}

async function main() {
  const [pat, carol, alice] = [
    await signIn('pat'),
    await signIn('carol'),
    await signIn('alice'),
  ];
  const service = process.env.SECURITY_SERVICE_TOKEN ?? '';
  // Warm the environments (API version detection) before counting calls.
  await send('GET', `${API}/environments`, { token: pat });
  await authMatrix({ pat, carol, service });
  await forgedAnnotation({ pat, alice });
  await hostileInput(pat);
  await secretScan(pat, await airflowJwt());
  frontendRegExps();
  console.log(`${checks} checks, ${failures.length} failed`);
  for (const failure of failures) console.log(`  FAIL ${failure}`);
  process.exit(failures.length === 0 ? 0 : 1);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
