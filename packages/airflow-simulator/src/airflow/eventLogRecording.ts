import { decodeJwt } from '../auth/jwt';
import { parseBasicAuth } from '../auth/users';
import { RequestContext } from '../http/types';
import { apiEventNames } from '../state/eventLog';
import { SimEnv } from './env';

/** Keys whose values Airflow's secrets masker hides (its default sensitive field names). */
const SENSITIVE =
  /access_token|api_key|apikey|authorization|passphrase|passwd|password|private_key|secret|token/i;

/** The request's parameters as Airflow logs them: sensitive values as `***`. */
function masked(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(masked);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [
        key,
        SENSITIVE.test(key) ? '***' : masked(inner),
      ]),
    );
  }
  return value;
}

/** Who made the request: the JWT's subject (Airflow 3) or the basic-auth user (Airflow 2). */
export function userOf(env: SimEnv, ctx: RequestContext): string | null {
  const header = ctx.req.headers.authorization;
  if (env.store.flavor === 'airflow3') {
    const bearer = header?.replace(/^bearer\s+/i, '');
    return bearer ? decodeJwt(bearer).sub ?? null : null;
  }
  return parseBasicAuth(header)?.username ?? null;
}

/** Records a pause/unpause or trigger done through the API in the event log, as Airflow's action logging does. */
export function recordApiEvent(
  env: SimEnv,
  ctx: RequestContext,
  kind: 'pause' | 'trigger',
  dagId: string,
  body: unknown,
  runId?: string,
): void {
  env.store.eventLog.record({
    when: env.store.now(),
    event: apiEventNames(env.store.flavor)[kind],
    owner: userOf(env, ctx),
    dagId,
    runId: runId ?? null,
    extra: JSON.stringify(masked(body)),
  });
}
