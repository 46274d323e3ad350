import type {
  AirflowDagRun,
  AirflowDagWithRuns,
} from '@airflow-portal/plugin-airflow-common';
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { redactConf } from '../redaction/redact';

/** The DAG whose runs a reader is about to see, through the entity of the request. */
export interface ConfTarget {
  entityRef: string;
  environment: string;
  dagId: string;
}

/**
 * Who sees a run's `conf` as it was sent. A conf can carry credentials the
 * person who triggered typed in; a reader who may not trigger the DAG sees
 * it redacted by the rules of the audit trail (see `redactConf`). The
 * decision is the permission model's; this is the one place reads ask it.
 */
export interface ConfVisibility {
  /** One answer per target, in order; false means "redacted". */
  canSeeConf(
    credentials: BackstageCredentials,
    targets: ConfTarget[],
  ): Promise<boolean[]>;
}

/** The safe default: nobody sees a conf unredacted. */
export const confRedactedForEveryone: ConfVisibility = {
  canSeeConf: async (_credentials, targets) => targets.map(() => false),
};

/** `run` as a reader sees it: its conf redacted unless `visible`. */
export function runForReader(
  run: AirflowDagRun,
  visible: boolean,
): AirflowDagRun {
  if (visible || run.conf === undefined) {
    return run;
  }
  return { ...run, conf: redactConf(run.conf) };
}

/**
 * Asks `visibility` about every target at once. A failing decision counts
 * as "not visible" for all of them.
 */
export async function canSeeConfSafely(
  visibility: ConfVisibility,
  credentials: BackstageCredentials,
  targets: ConfTarget[],
): Promise<boolean[]> {
  if (targets.length === 0) {
    return [];
  }
  try {
    const answers = await visibility.canSeeConf(credentials, targets);
    return targets.map((_, index) => answers[index] === true);
  } catch {
    return targets.map(() => false);
  }
}

/** The DAGs of an entity page, each DAG's latest runs as the reader may see them; one decision for all. */
export async function dagsForReader(
  dags: AirflowDagWithRuns[],
  visibility: ConfVisibility,
  credentials: BackstageCredentials,
  entityRef: string,
): Promise<AirflowDagWithRuns[]> {
  const withConf = dags.filter(dag =>
    dag.latestRuns.some(run => run.conf !== undefined),
  );
  const visible = await canSeeConfSafely(
    visibility,
    credentials,
    withConf.map(dag => ({
      entityRef,
      environment: dag.environment,
      dagId: dag.dagId,
    })),
  );
  // One answer per DAG that has a conf to show; the others pass unchanged.
  const answers = new Map(withConf.map((dag, i) => [dag, visible[i]]));
  return dags.map(dag => {
    const answer = answers.get(dag);
    return answer === undefined
      ? dag
      : {
          ...dag,
          latestRuns: dag.latestRuns.map(run => runForReader(run, answer)),
        };
  });
}
