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
  /** Never rejects for a refusal: false means "redacted". */
  canSeeConf(
    credentials: BackstageCredentials,
    target: ConfTarget,
  ): Promise<boolean>;
}

/** The safe default: nobody sees a conf unredacted. */
export const confRedactedForEveryone: ConfVisibility = {
  canSeeConf: async () => false,
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
 * Asks `visibility` once per DAG and applies the answer to its runs. A
 * failing decision counts as "not visible".
 */
export async function canSeeConfSafely(
  visibility: ConfVisibility,
  credentials: BackstageCredentials,
  target: ConfTarget,
): Promise<boolean> {
  try {
    return await visibility.canSeeConf(credentials, target);
  } catch {
    return false;
  }
}

/** The DAGs of an entity page, each DAG's latest runs as the reader may see them. */
export async function dagsForReader(
  dags: AirflowDagWithRuns[],
  visibility: ConfVisibility,
  credentials: BackstageCredentials,
  entityRef: string,
): Promise<AirflowDagWithRuns[]> {
  return Promise.all(
    dags.map(async dag => {
      if (!dag.latestRuns.some(run => run.conf !== undefined)) {
        return dag;
      }
      const visible = await canSeeConfSafely(visibility, credentials, {
        entityRef,
        environment: dag.environment,
        dagId: dag.dagId,
      });
      return {
        ...dag,
        latestRuns: dag.latestRuns.map(run => runForReader(run, visible)),
      };
    }),
  );
}
