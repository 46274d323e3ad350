import { ConfigReader } from '@backstage/config';
import { readAirflowConfig } from './readAirflowConfig';

const environment = (notifications?: unknown) => ({
  name: 'prod',
  baseUrl: 'https://airflow.example.com',
  auth: { type: 'token', token: 'secret-token' },
  ...(notifications === undefined ? {} : { notifications }),
});

const read = (airflow: unknown) =>
  readAirflowConfig(new ConfigReader({ airflow } as any));

describe('notifications configuration', () => {
  it('is off unless an environment enables it; the poll defaults to every minute, an hour back', () => {
    const config = read({ environments: [environment()] });
    expect(config.environments[0].notifications).toBeUndefined();
    expect(config.notifications).toEqual({
      enabled: true,
      pollIntervalSeconds: 60,
      initialLookbackMinutes: 60,
    });
    expect(
      read({ environments: [environment({})] }).environments[0].notifications,
    ).toEqual({ enabled: false, runStates: ['failed'], approvals: true });
  });

  it('reads the states, approvals and poll settings, strings from the environment included', () => {
    const config = read({
      notifications: {
        enabled: 'false',
        pollIntervalSeconds: '5',
        initialLookbackMinutes: 10,
      },
      environments: [
        environment({
          enabled: 'true',
          runStates: ['failed', 'success', 'failed'],
          approvals: false,
        }),
      ],
    });
    expect(config.notifications).toEqual({
      enabled: false,
      pollIntervalSeconds: 5,
      initialLookbackMinutes: 10,
    });
    expect(config.environments[0].notifications).toEqual({
      enabled: true,
      runStates: ['failed', 'success'],
      approvals: false,
    });
  });

  it('refuses states that are not terminal, unknown keys and a zero interval, naming the keys', () => {
    expect(() =>
      read({
        notifications: { pollIntervalSeconds: 0 },
        environments: [
          environment({ enabled: true, runStates: ['running'], mail: true }),
        ],
      }),
    ).toThrow(
      [
        'Invalid Airflow configuration:',
        '  - airflow.notifications: pollIntervalSeconds must be at least 1',
        '  - airflow.environments[0] (name "prod"): notifications.runStates[0] must be one of failed, success',
        '  - airflow.environments[0] (name "prod"): unknown key notifications.mail',
      ].join('\n'),
    );
  });
});
