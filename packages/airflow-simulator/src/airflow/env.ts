import { JwtIssuer } from '../auth/jwt';
import { SimUser } from '../auth/users';
import { RequestStats } from '../http/stats';
import { AirflowStore } from '../state/store';

/** Mutable knobs of a simulated Airflow, read on every request. */
export interface SimSettings {
  tokenLifetimeSeconds: number;
  cliTokenLifetimeSeconds: number;
  /** Lines per page of a task log. */
  logPageSize: number;
  version: string;
}

/** Everything a route handler needs. */
export interface SimEnv {
  store: AirflowStore;
  jwt: JwtIssuer;
  users: SimUser[];
  settings: SimSettings;
  stats: RequestStats;
}
