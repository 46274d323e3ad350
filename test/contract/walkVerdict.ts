/*
 * What a walk's answers prove: which routes reached Airflow in each
 * environment, which failed the walk, and the figures printed at its end.
 */
/* eslint-disable no-console */

/** The routes the walk takes, per environment (`entity-dags` spans all of them). */
export const ENVIRONMENT_ROUTES = [
  'environment',
  'import-errors',
  'details',
  'runs',
  'tasks',
  'log',
  // Clear, mark and note of a run (previews and confirmed actions).
  'run-action',
  'grid',
  'event-log',
] as const;
/**
 * `versions`, `approvals` and `backfills` reach Airflow on Airflow 3 only
 * (Airflow 2 has none of them): walked, not required.
 */
export type RouteKind =
  | (typeof ENVIRONMENT_ROUTES)[number]
  | 'entity-dags'
  | 'versions'
  | 'approvals'
  | 'backfills';

export interface Outcome {
  route: string;
  kind: RouteKind;
  /** The environment the route reads; undefined for `entity-dags`. */
  environment?: string;
  status: number;
  /** Backstage's error body: `{name, message, upstreamStatus?}` (an UpstreamError names Airflow's status). */
  error?: { name?: string; message?: string; upstreamStatus?: unknown };
}

/**
 * A 5xx that passes on an error status Airflow itself answered (its 5xx as
 * 502, its 429 as 503), rather than one the backend caused: a timeout, a
 * refused connection or an answer it could not read never counts as relayed.
 */
export function isRelayedUpstreamFailure(o: Outcome): boolean {
  const upstream = o.error?.upstreamStatus;
  return (
    [502, 503].includes(o.status) &&
    o.error?.name === 'UpstreamError' &&
    typeof upstream === 'number' &&
    (upstream >= 500 || upstream === 429)
  );
}

/**
 * The backend called Airflow for this route: it answered, or it failed with
 * an UpstreamError. A 400 of the backend's own input check (a mock's random
 * id that is not a valid Airflow id) never reached Airflow.
 */
function reachedAirflow(o: Outcome): boolean {
  return o.status < 400 || o.error?.name === 'UpstreamError';
}

/** Airflow 2's answer to approvals and backfills: the backend's 501 "not supported by Airflow 2", before any call. */
function isUnsupportedFeature(o: Outcome): boolean {
  return (
    (o.kind === 'approvals' || o.kind === 'backfills') &&
    o.status === 501 &&
    o.error?.name === 'NotImplementedError'
  );
}

export interface VerdictOptions {
  /** Allow 5xx that relay an error status Airflow answered (a mock's random choice). */
  tolerateUpstream: boolean;
  /** Every configured environment: each must have had every route reach Airflow. */
  environments: string[];
}

/** Prints the walk's figures and every non-success; returns whether the walk passed. */
export function printVerdict(
  outcomes: Outcome[],
  options: VerdictOptions,
): boolean {
  const byStatus = new Map<number, number>();
  for (const o of outcomes) {
    byStatus.set(o.status, (byStatus.get(o.status) ?? 0) + 1);
  }
  console.log(
    `${outcomes.length} requests; by status: ${[...byStatus]
      .sort(([a], [b]) => a - b)
      .map(([s, n]) => `${s}×${n}`)
      .join(', ')}`,
  );

  const serverErrors = outcomes.filter(
    o => o.status >= 500 && !isUnsupportedFeature(o),
  );
  const failures = serverErrors.filter(
    o => !(options.tolerateUpstream && isRelayedUpstreamFailure(o)),
  );
  // Every answer that is not a success, so a failed run says what went wrong.
  for (const o of outcomes.filter(x => x.status >= 400)) {
    let note = '';
    if (failures.includes(o)) note = ' (fails the walk)';
    else if (o.status >= 500) note = ' (relayed upstream failure)';
    console.log(`  ${o.status} ${o.route}${note}`);
    if (o.error?.message) console.log(`      ${o.error.message}`);
  }
  console.log(
    `5xx: ${serverErrors.length}, failing the walk: ${failures.length}`,
  );

  const missing = missingRoutes(outcomes, options.environments);
  for (const environment of options.environments) {
    const reached = ENVIRONMENT_ROUTES.map(
      kind =>
        `${kind} ${
          outcomes.filter(
            o =>
              o.environment === environment &&
              o.kind === kind &&
              reachedAirflow(o),
          ).length
        }`,
    );
    console.log(`reached Airflow in ${environment}: ${reached.join(', ')}`);
  }
  if (missing.length > 0) {
    console.log(`never reached Airflow: ${missing.join(', ')}`);
  }
  return failures.length === 0 && missing.length === 0;
}

/** `environment: route` pairs no request of the walk carried to Airflow. */
function missingRoutes(outcomes: Outcome[], environments: string[]) {
  const missing: string[] = [];
  if (!outcomes.some(o => o.kind === 'entity-dags' && o.status < 400)) {
    missing.push('entity-dags');
  }
  for (const environment of environments) {
    for (const kind of ENVIRONMENT_ROUTES) {
      const reached = outcomes.some(
        o =>
          o.environment === environment && o.kind === kind && reachedAirflow(o),
      );
      if (!reached) missing.push(`${environment}: ${kind}`);
    }
  }
  return missing;
}
