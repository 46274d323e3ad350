/* eslint-disable no-console */
import { startAirflowSimulator } from './airflow/simulator';
import { startSimulatorFleet } from './fleet/fleet';
import { startMwaaFront } from './mwaa/front';

/**
 * Starts the demo set: an Airflow 3 (JWT), an Airflow 2 (basic auth) and an Airflow 3 behind an
 * MWAA-compatible front. Every port and option can be overridden with SIM_* environment variables.
 */
const env = process.env;
const num = (name: string, def: number) =>
  env[name] !== undefined ? Number(env[name]) : def;
const host = env.SIM_HOST ?? '127.0.0.1';
const users = [
  {
    username: env.SIM_USERNAME ?? 'admin',
    password: env.SIM_PASSWORD ?? 'admin',
  },
];
const common = {
  host,
  users,
  dagCount: num('SIM_DAG_COUNT', 40),
  latencyMs: num('SIM_LATENCY_MS', 0),
  runSpeed: num('SIM_RUN_SPEED', 10),
  tokenLifetimeSeconds: num('SIM_TOKEN_LIFETIME_SECONDS', 86400),
};

async function main() {
  const af3 = await startAirflowSimulator({
    ...common,
    flavor: 'airflow3',
    port: num('SIM_AIRFLOW3_PORT', 28080),
    seed: env.SIM_AIRFLOW3_SEED ?? 'data-prod',
  });
  console.log(
    `Airflow 3 (JWT, /api/v2) on ${af3.url}  user ${users[0].username}`,
  );
  const af2 = await startAirflowSimulator({
    ...common,
    flavor: 'airflow2',
    port: num('SIM_AIRFLOW2_PORT', 28081),
    seed: env.SIM_AIRFLOW2_SEED ?? 'legacy-etl',
  });
  console.log(
    `Airflow 2 (basic auth, /api/v1) on ${af2.url}  user ${users[0].username}`,
  );
  const backing = await startAirflowSimulator({
    ...common,
    flavor: 'airflow3',
    port: num('SIM_MWAA_AIRFLOW_PORT', 28082),
    seed: env.SIM_MWAA_SEED ?? 'mwaa-payments',
  });
  console.log(`Airflow 3 behind MWAA on ${backing.url}`);
  const envName = env.SIM_MWAA_ENV_NAME ?? 'mwaa-payments';
  const region = env.SIM_MWAA_REGION ?? 'us-east-1';
  const mwaa = await startMwaaFront({
    host,
    port: num('SIM_MWAA_PORT', 28090),
    region,
    credentials: {
      accessKeyId: env.SIM_MWAA_ACCESS_KEY_ID ?? 'AKIDEXAMPLE',
      secretAccessKey:
        env.SIM_MWAA_SECRET_ACCESS_KEY ??
        'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
    },
    environments: {
      [envName]: {
        target: backing,
        airflowVersion: env.SIM_MWAA_AIRFLOW_VERSION ?? '3.0.6',
      },
    },
    // The portal's UI sign-in identity ("Open in Airflow" signed in).
    roles: [
      {
        roleArn:
          env.SIM_MWAA_WEB_LOGIN_ROLE_ARN ??
          'arn:aws:iam::123456789012:role/backstage-airflow-web-login',
        airflowRole: 'Viewer',
      },
    ],
  });
  console.log(`MWAA front on ${mwaa.url}  environment ${envName} in ${region}`);

  // The many-environments demo: SIM_FLEET_SIZE Airflows behind one port.
  const fleetSize = num('SIM_FLEET_SIZE', 0);
  const fleet =
    fleetSize > 0
      ? await startSimulatorFleet({
          ...common,
          size: fleetSize,
          port: num('SIM_FLEET_PORT', 28083),
        })
      : undefined;
  if (fleet) {
    console.log(
      `Fleet of ${fleetSize} Airflows on ${
        fleet.url
      }/fleet-01 … /fleet-${String(fleetSize).padStart(2, '0')}`,
    );
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping simulators`);
    await Promise.all([
      mwaa.close(),
      af3.close(),
      af2.close(),
      backing.close(),
      fleet?.close(),
    ]);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch(err => {
  console.error(err);
  process.exit(1);
});
