import {
  AirflowSimulator,
  MwaaFront,
  startAirflowSimulator,
  startMwaaFront,
  TEST_CREDENTIALS,
} from '@airflow-portal/airflow-simulator';
import type { JsonObject } from '@backstage/config';

/** The transports the stack serves, each named as its environment. */
export type StackEnvironmentName = 'jwt' | 'basic' | 'mwaa-af3' | 'mwaa-af2';

export interface StackEnvironment {
  /** The simulator that ends up answering. */
  sim: AirflowSimulator;
  /** `airflow.environments[]` config, without `name`. */
  config: JsonObject;
}

export interface SimulatorStack {
  af3: AirflowSimulator;
  af2: AirflowSimulator;
  front: MwaaFront;
  /** Per transport: Airflow 3 with a JWT, Airflow 2 with basic auth, and both behind the MWAA front. */
  environmentConfigs(): Record<StackEnvironmentName, StackEnvironment>;
  /** Restores the AWS environment variables and stops every server. */
  close(): Promise<void>;
}

/**
 * Starts an Airflow 3 and an Airflow 2 simulator and an MWAA front for both
 * (`mwaa-af3`, `mwaa-af2`), and points the AWS credentials in `process.env`
 * at the front's test credentials until `close()`.
 */
export async function startSimulatorStack(): Promise<SimulatorStack> {
  const savedEnv = { ...process.env };
  const af3 = await startAirflowSimulator({ flavor: 'airflow3', port: 0 });
  const af2 = await startAirflowSimulator({ flavor: 'airflow2', port: 0 });
  const front = await startMwaaFront({
    port: 0,
    environments: {
      'mwaa-af3': { target: af3, airflowVersion: '3.0.6' },
      'mwaa-af2': { target: af2, airflowVersion: '2.10.3' },
    },
  });
  process.env.AWS_ACCESS_KEY_ID = TEST_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = TEST_CREDENTIALS.secretAccessKey;
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;

  // The simulators listen on loopback over plain HTTP.
  const mwaa = (environmentName: string) => ({
    apiVersion: 'auto',
    allowInsecureHttp: true,
    mwaa: {
      environmentName,
      region: 'us-east-1',
      endpoint: front.url,
      logsEndpoint: front.url,
    },
  });

  return {
    af3,
    af2,
    front,
    environmentConfigs: () => ({
      jwt: {
        sim: af3,
        config: {
          apiVersion: 'auto',
          allowInsecureHttp: true,
          baseUrl: af3.url,
          auth: { type: 'jwt', username: 'admin', password: 'admin' },
        },
      },
      basic: {
        sim: af2,
        config: {
          apiVersion: 'auto',
          allowInsecureHttp: true,
          baseUrl: af2.url,
          auth: { type: 'basic', username: 'admin', password: 'admin' },
        },
      },
      'mwaa-af3': { sim: af3, config: mwaa('mwaa-af3') },
      'mwaa-af2': { sim: af2, config: mwaa('mwaa-af2') },
    }),
    async close() {
      process.env = savedEnv;
      await front.close();
      await Promise.all([af3.close(), af2.close()]);
    },
  };
}
