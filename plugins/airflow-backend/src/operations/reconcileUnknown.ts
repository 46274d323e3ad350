import type {
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { EnvironmentRegistry } from '../environments/EnvironmentRegistry';
import { describeError, isUpstreamError } from '../transport/errors';
import type { AuditStore } from '../audit/types';

/** A timed-out trigger is looked up once Airflow has had this long to create its run. */
export const RECONCILE_AFTER_MS = 60_000;
/** Records resolved per round; the rest wait for the next. */
const BATCH = 100;

export interface ReconcileOptions {
  store: AuditStore;
  environments: EnvironmentRegistry;
  logger: LoggerService;
  now?: () => Date;
}

/**
 * Resolves triggers recorded `unknown` (the call timed out: Airflow may
 * have created the run) by reading their run id, which the portal chose
 * before calling: a run that exists makes the record `succeeded`; a 404
 * makes it `failed`. Anything else leaves it `unknown` for the next round.
 * Answers how many records were resolved.
 */
export async function reconcileUnknownTriggers(
  options: ReconcileOptions,
): Promise<number> {
  const { store, environments, logger } = options;
  const now = options.now?.() ?? new Date();
  const records = await store.listUnknownTriggers(
    new Date(now.getTime() - RECONCILE_AFTER_MS),
    BATCH,
  );
  let resolved = 0;
  for (const record of records) {
    const environment = environments.find(record.environment);
    if (!environment || !record.runId) continue;
    try {
      const adapter = await environment.adapter();
      const run = await adapter.getDagRun(record.dagId, record.runId);
      if (
        await store.resolveUnknown(record.id, {
          outcome: 'succeeded',
          upstreamStatus: 200,
          runId: run.runId,
        })
      ) {
        resolved++;
      }
    } catch (error) {
      if (
        isUpstreamError(error) &&
        error.details.kind === 'http' &&
        error.details.status === 404
      ) {
        if (
          await store.resolveUnknown(record.id, {
            outcome: 'failed',
            upstreamStatus: 404,
            runId: record.runId,
            error: `The trigger timed out and Airflow has no run ${record.runId}: it was not started`,
          })
        ) {
          resolved++;
        }
      } else {
        logger.warn(
          `Audit record ${record.id}: run ${record.runId} of ${
            record.dagId
          } in ${record.environment} could not be read yet: ${describeError(
            error,
          )}`,
        );
      }
    }
  }
  return resolved;
}

/** Every 5 minutes, once across replicas (the scheduler's global tasks). */
export async function scheduleUnknownReconciliation(
  options: ReconcileOptions & { scheduler: SchedulerService },
): Promise<void> {
  const { scheduler, logger } = options;
  await scheduler.scheduleTask({
    id: 'airflow-audit-reconcile-unknown',
    frequency: { minutes: 5 },
    timeout: { minutes: 4 },
    initialDelay: { minutes: 1 },
    scope: 'global',
    fn: async () => {
      const resolved = await reconcileUnknownTriggers(options);
      if (resolved > 0) {
        logger.info(
          `Resolved ${resolved} Airflow audit records of unknown outcome`,
        );
      }
    },
  });
}
