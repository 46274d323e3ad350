import { checkUser } from '../../auth/users';
import { Handler, HttpResponse, RequestContext } from '../../http/types';
import { SimEnv } from '../env';
import { detail, parseBody } from './validate';

/**
 * Bearer JWT check of Airflow 3's API server: no token → 401 "Not authenticated", expired →
 * 401 "Token Expired", anything else wrong → 403 "Invalid JWT token". The `_token` cookie also works.
 */
export function checkBearer(
  env: SimEnv,
  ctx: RequestContext,
): HttpResponse | undefined {
  const header = ctx.req.headers.authorization;
  let token: string | undefined;
  if (header && /^bearer /i.test(header)) token = header.slice(7).trim();
  if (!token) {
    const cookie = ctx.req.headers.cookie ?? '';
    token = /(?:^|;\s*)_token=([^;]+)/.exec(cookie)?.[1];
  }
  if (!token) return detail(401, 'Not authenticated');
  const check = env.jwt.verify(token, env.store.now());
  if (check.ok) return undefined;
  return check.reason === 'expired'
    ? detail(401, 'Token Expired')
    : detail(403, 'Invalid JWT token');
}

export function withBearer(env: SimEnv, handler: Handler): Handler {
  return ctx => checkBearer(env, ctx) ?? handler(ctx);
}

function readCredentials(
  ctx: RequestContext,
): { username?: unknown; password?: unknown } | 'unsupported' | 'invalid' {
  const type = (ctx.req.headers['content-type'] ?? 'application/json')
    .split(';')[0]
    .trim()
    .toLowerCase();
  const text = ctx.body.toString('utf8');
  if (type === 'application/x-www-form-urlencoded') {
    const form = new URLSearchParams(text);
    return {
      username: form.get('username') ?? undefined,
      password: form.get('password') ?? undefined,
    };
  }
  if (type !== 'application/json') return 'unsupported';
  try {
    const body = text.trim() ? JSON.parse(text) : {};
    return typeof body === 'object' && body !== null ? body : 'invalid';
  } catch {
    return 'invalid';
  }
}

function issue(env: SimEnv, username: string, lifetime: number): HttpResponse {
  env.stats.increment('tokensIssued', username);
  return {
    status: 201,
    body: { access_token: env.jwt.issue(username, env.store.now(), lifetime) },
  };
}

/** `POST /auth/token` of the simple auth manager: JSON or form body, 201 `{access_token}`. */
export const createToken =
  (env: SimEnv): Handler =>
  ctx => {
    const creds = readCredentials(ctx);
    if (creds === 'unsupported') return detail(415, 'Unsupported Media Type');
    if (creds === 'invalid')
      return detail(400, 'Username and password must be provided');
    const { username, password } = creds;
    if (
      typeof username !== 'string' ||
      typeof password !== 'string' ||
      !username ||
      !password
    ) {
      return detail(400, 'Username and password must be provided');
    }
    if (!checkUser(env.users, username, password))
      return detail(401, 'Invalid credentials');
    return issue(env, username, env.settings.tokenLifetimeSeconds);
  };

/** `POST /auth/token/cli`: JSON `LoginBody` only, shorter-lived token. */
export const createCliToken =
  (env: SimEnv): Handler =>
  ctx => {
    const parsed = parseBody(ctx, {
      fields: { username: { type: 'str' }, password: { type: 'str' } },
      required: ['username', 'password'],
    });
    if (!parsed.ok) return parsed.response;
    const { username, password } = parsed.value;
    if (!checkUser(env.users, username, password))
      return detail(401, 'Invalid credentials');
    return issue(env, username, env.settings.cliTokenLifetimeSeconds);
  };
