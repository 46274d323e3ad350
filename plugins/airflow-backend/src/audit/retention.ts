import type {
  LoggerService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { AuditStore } from './types';

export interface AuditSettings {
  /** Records older than this are deleted; default 90. */
  retentionDays: number;
}

export const DEFAULT_AUDIT_RETENTION_DAYS = 90;

export function readAuditSettings(config: RootConfigService): AuditSettings {
  const retentionDays =
    config.getOptionalNumber('airflow.audit.retentionDays') ??
    DEFAULT_AUDIT_RETENTION_DAYS;
  if (!Number.isInteger(retentionDays) || retentionDays < 1) {
    throw new Error(
      `airflow.audit.retentionDays must be a whole number of days ≥ 1, got ${retentionDays}`,
    );
  }
  return { retentionDays };
}

/** Deletes expired audit records every hour (one instance at a time across replicas). */
export async function scheduleAuditRetention(options: {
  scheduler: SchedulerService;
  store: AuditStore;
  logger: LoggerService;
  settings: AuditSettings;
}): Promise<void> {
  const { scheduler, store, logger, settings } = options;
  await scheduler.scheduleTask({
    id: 'airflow-audit-retention',
    frequency: { hours: 1 },
    timeout: { minutes: 10 },
    initialDelay: { minutes: 1 },
    fn: async () => {
      const cutoff = new Date(
        Date.now() - settings.retentionDays * 24 * 60 * 60 * 1000,
      );
      const deleted = await store.deleteOlderThan(cutoff);
      if (deleted > 0) {
        logger.info(
          `Deleted ${deleted} Airflow audit records older than ${settings.retentionDays} days`,
        );
      }
    },
  });
}
