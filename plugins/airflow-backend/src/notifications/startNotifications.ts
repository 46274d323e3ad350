import type {
  AuthService,
  DatabaseService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { AirflowConfig } from '../config/types';
import type { EnvironmentRegistry } from '../environments/EnvironmentRegistry';
import type { AirflowService } from '../service/AirflowService';
import { AirflowNotifier } from './AirflowNotifier';
import { BoundEntities } from './BoundEntities';
import { KnexNotificationLedger } from './KnexNotificationLedger';
import type { NotificationLedger } from './NotificationLedger';
import { scheduleNotifications } from './scheduleNotifications';

/**
 * Schedules the notifier when at least one environment enables
 * notifications and `airflow.notifications.enabled` is not false; otherwise
 * nothing runs and nothing is sent.
 */
export async function startNotifications(options: {
  config: AirflowConfig;
  environments: EnvironmentRegistry;
  service: Pick<AirflowService, 'listEnvironmentDags'>;
  catalog: CatalogService;
  auth: AuthService;
  notifications: NotificationService;
  database: DatabaseService;
  scheduler: SchedulerService;
  logger: LoggerService;
  /** Replaces the ledger (tests). */
  ledger?: NotificationLedger;
}): Promise<AirflowNotifier | undefined> {
  const { config, environments, service, catalog, auth, logger } = options;
  if (
    !config.notifications.enabled ||
    !AirflowNotifier.anyEnabled(environments.list())
  ) {
    return undefined;
  }
  const notifier = new AirflowNotifier({
    environments: () => environments.list(),
    dagsOf: name => service.listEnvironmentDags(name),
    boundEntities: () => BoundEntities.read({ catalog, auth }),
    ledger:
      options.ledger ??
      (await KnexNotificationLedger.create({ database: options.database })),
    send: sendOptions => options.notifications.send(sendOptions),
    settings: config.notifications,
    logger,
  });
  await scheduleNotifications({
    scheduler: options.scheduler,
    notifier,
    settings: config.notifications,
    logger,
  });
  logger.info(
    `Airflow notifications enabled for ${environments
      .list()
      .filter(e => e.config.notifications?.enabled)
      .map(e => `"${e.name}"`)
      .join(', ')}, polling every ${
      config.notifications.pollIntervalSeconds
    } s`,
  );
  return notifier;
}
