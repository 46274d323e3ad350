import { mockServices } from '@backstage/backend-test-utils';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { AirflowConfig } from '../config/types';
import type { EnvironmentRegistry } from '../environments/EnvironmentRegistry';
import type { NotificationLedger } from './NotificationLedger';
import { startNotifications } from './startNotifications';

function start(options: {
  globallyEnabled: boolean;
  environmentEnabled: boolean;
}) {
  const scheduler = mockServices.scheduler.mock();
  const environments = {
    list: () => [
      {
        name: 'data-prod',
        config: {
          notifications: {
            enabled: options.environmentEnabled,
            runStates: ['failed'],
            approvals: true,
          },
        },
      },
    ],
  } as unknown as EnvironmentRegistry;
  const config = {
    notifications: {
      enabled: options.globallyEnabled,
      pollIntervalSeconds: 60,
      initialLookbackMinutes: 60,
    },
  } as AirflowConfig;
  const started = startNotifications({
    config,
    environments,
    service: { listEnvironmentDags: jest.fn() },
    catalog: {} as CatalogService,
    auth: mockServices.auth(),
    notifications: {} as NotificationService,
    database: mockServices.database.mock(),
    scheduler,
    logger: mockServices.logger.mock(),
    ledger: {} as NotificationLedger,
  });
  return { started, scheduler };
}

describe('startNotifications', () => {
  it('schedules the poll when an environment enables notifications', async () => {
    const { started, scheduler } = start({
      globallyEnabled: true,
      environmentEnabled: true,
    });
    await expect(started).resolves.toBeDefined();
    expect(scheduler.scheduleTask).toHaveBeenCalledTimes(1);
  });

  it('schedules nothing when no environment enables them', async () => {
    const { started, scheduler } = start({
      globallyEnabled: true,
      environmentEnabled: false,
    });
    await expect(started).resolves.toBeUndefined();
    expect(scheduler.scheduleTask).not.toHaveBeenCalled();
  });

  it('schedules nothing when airflow.notifications.enabled is false, whatever the environments say', async () => {
    const { started, scheduler } = start({
      globallyEnabled: false,
      environmentEnabled: true,
    });
    await expect(started).resolves.toBeUndefined();
    expect(scheduler.scheduleTask).not.toHaveBeenCalled();
  });
});
