/**
 * A stand-in Apache Airflow (Airflow 3 `/api/v2` with JWT, Airflow 2 `/api/v1` with basic auth) and an
 * Amazon MWAA-compatible front, for the demo, tests and benchmarks.
 */
export { startAirflowSimulator } from './airflow/simulator';
export type {
  AirflowSimulator,
  AirflowSimulatorOptions,
  AirflowSimulatorStats,
} from './airflow/simulator';
export { startMwaaFront } from './mwaa/front';
export type {
  MwaaFront,
  MwaaFrontOptions,
  MwaaEnvironmentOptions,
  MwaaFrontStats,
} from './mwaa/front';
export { TEST_CREDENTIALS } from './mwaa/sigv4';
export type { SimulatedRole } from './mwaa/sts';
export type { AwsCredentials } from './mwaa/sigv4';
export type { FaultSpec, FaultType } from './http/faults';
export type { HealthComponent } from './state/store';
export type { Flavor } from './state/types';
export { DEMO_DAG_IDS } from './state/catalog';
export { decodeJwt } from './auth/jwt';
export { requestApproval, SEEDED_APPROVAL } from './state/hitl';
export type { ApprovalRequest, HitlUser } from './state/hitl';
