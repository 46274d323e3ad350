import { mockServices } from '@backstage/backend-test-utils';
import { DEFAULT_UPSTREAM_LIMITS } from '../../config/schema';
import type {
  DirectAuthConfig,
  EnvironmentConfig,
  MwaaConnectionConfig,
  UpstreamLimits,
} from '../../config/types';

/** Shared fixtures of the transport tests. */
export const FAST_BACKOFF = { baseDelayMs: 1, maxDelayMs: 2 };

/**
 * The fixtures' request deadline: generous, so that a busy machine never
 * times out a test that is not about deadlines (those set their own).
 */
const TEST_TIMEOUT_MS = 60_000;

export const testLogger = () => mockServices.logger.mock();

export function directEnv(
  auth: DirectAuthConfig,
  limits: Partial<UpstreamLimits> = {},
  baseUrl = 'http://airflow.test',
): EnvironmentConfig {
  return {
    name: 'prod',
    title: 'Production',
    tags: [],
    production: false,
    dagOwners: { owners: {} },
    apiVersion: 'auto',
    connection: { kind: 'direct', baseUrl, auth },
    limits: {
      ...DEFAULT_UPSTREAM_LIMITS,
      timeoutMs: TEST_TIMEOUT_MS,
      maxConcurrency: 8,
      readRetries: 2,
      ...limits,
    },
  };
}

export function mwaaEnv(
  connection: Partial<MwaaConnectionConfig> = {},
  limits: Partial<UpstreamLimits> = {},
): EnvironmentConfig {
  return {
    name: 'mwaa-prod',
    title: 'MWAA',
    tags: [],
    production: false,
    dagOwners: { owners: {} },
    apiVersion: 'auto',
    connection: {
      kind: 'mwaa',
      environmentName: 'demo',
      region: 'us-east-1',
      ...connection,
    },
    limits: {
      ...DEFAULT_UPSTREAM_LIMITS,
      timeoutMs: TEST_TIMEOUT_MS,
      maxConcurrency: 8,
      readRetries: 2,
      ...limits,
    },
  };
}

/** An unsigned JWT with the given claims: the transport only reads `exp`/`iat`. */
export function fakeJwt(claims: Record<string, unknown>): string {
  const part = (o: object) =>
    Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}.signature`;
}

/**
 * A clock that moves only when the test says so, from a fixed instant: what a
 * token looks like and when it is refreshed never depend on the wall clock.
 */
export function manualClock(startMs = Date.UTC(2026, 0, 1, 12)) {
  let nowMs = startMs;
  return {
    /** Epoch milliseconds, the transport's `now`. */
    now: () => nowMs,
    /** Epoch seconds, for JWT claims. */
    seconds: () => Math.floor(nowMs / 1000),
    advance: (ms: number) => {
      nowMs += ms;
    },
  };
}

/**
 * An msw resolver for an upstream that never answers: the call ends when the
 * client gives up, and no timer outlives the test (a `delay()` would).
 */
export const neverAnswers = (): Promise<Response> => new Promise(() => {});

/** Resolves to the error `promise` rejects with. */
export async function rejectionOf(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  throw new Error('expected the promise to reject');
}
