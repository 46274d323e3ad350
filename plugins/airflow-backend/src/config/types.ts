import type {
  AirflowApiVersion,
  AirflowEnvironmentSummary,
} from '@airflow-portal/plugin-airflow-common';

/*
 * The plugin's configuration (`airflow.*`) once read and validated by
 * readAirflowConfig: what every other part of the plugin is built from.
 */

/** `auto` detects the API version on first use and remembers it. */
export type ApiVersionSetting = AirflowApiVersion | 'auto';

export type DirectAuthConfig =
  | { type: 'jwt'; username: string; password: string }
  | { type: 'token'; token: string }
  | { type: 'basic'; username: string; password: string };

export interface DirectConnectionConfig {
  kind: 'direct';
  /** Root URL of the Airflow API server/webserver, without `/api/v1` or `/api/v2`. */
  baseUrl: string;
  auth: DirectAuthConfig;
}

export interface MwaaConnectionConfig {
  kind: 'mwaa';
  environmentName: string;
  region: string;
  roleArn?: string;
  externalId?: string;
  /** Overrides the service endpoint (VPC endpoints, tests); no `env.`/`api.` host prefix is added then. */
  endpoint?: string;
  /** Overrides the CloudWatch Logs endpoint used for task logs (VPC endpoints, tests). */
  logsEndpoint?: string;
  /** The identity that creates web login tokens for the Airflow UI; without it links stay plain. */
  webLogin?: MwaaWebLoginConfig;
}

/**
 * The UI sign-in identity of an MWAA environment: a role assumed (from the
 * AWS default chain) only to call `CreateWebLoginToken`, never the identity
 * the portal operates with.
 */
export interface MwaaWebLoginConfig {
  roleArn: string;
  externalId?: string;
  /** STS role session name; default `backstage-airflow-web-<environment>`. */
  sessionName?: string;
  /** STS endpoint override (VPC endpoint, local fake). */
  stsEndpoint?: string;
  /** Replaces `https://{WebServerHostname}` in the sign-in URL (custom domain, local fake). */
  webServerUrl?: string;
}

/** Limits that protect Airflow and the portal; all have defaults. */
export interface UpstreamLimits {
  /** Per-call timeout in milliseconds. */
  timeoutMs: number;
  /** Upper bound of concurrent upstream calls per environment. */
  maxConcurrency: number;
  /** Retries for idempotent reads on 502/503/504/429/network errors (never for writes). */
  readRetries: number;
  /** Calls that may wait for a free slot per lane; beyond it the portal answers 503 with `Retry-After`. */
  maxQueued: number;
  /** Largest answer read from Airflow, in bytes (MWAA's own cap is 6 MB). */
  maxResponseBytes: number;
  /** Calls per second sent to the environment; 0 = the transport's default (MWAA 8, direct unlimited). */
  requestsPerSecond: number;
}

/**
 * One configured environment, validated: what its summary shows (`production`
 * decided from the tag `production` when not set) and how it is reached.
 * Holds credentials: never send it to a client.
 */
export interface EnvironmentConfig
  extends Omit<AirflowEnvironmentSummary, 'transport' | 'webLogin'> {
  apiVersion: ApiVersionSetting;
  /** How the DAGs' Airflow owners map to catalog refs, for the permission rules. */
  dagOwners: DagOwnerMapping;
  connection: DirectConnectionConfig | MwaaConnectionConfig;
  limits: UpstreamLimits;
  /** What the owners of the entities bound to its DAGs are notified of; absent: nothing. */
  notifications?: EnvironmentNotifications;
}

/**
 * How a DAG's owners, as Airflow knows them, become catalog entity refs
 * (what `IS_DAG_OWNER` matches). Airflow's `owners` and, with `tagPrefix`,
 * tags such as `owner:team-data` name owners; each is mapped by `owners`
 * (case-insensitive), else by `template`.
 */
export interface DagOwnerMapping {
  /** `{owner}` is replaced by the owner name; undefined: only `owners` map. */
  template?: string;
  /** Owner name, lower case → catalog refs. */
  owners: Record<string, string[]>;
  tagPrefix?: string;
}

/** `airflow.permissions`. */
export interface PermissionSettings {
  /**
   * Also treat the owners of the entity through which a request names a DAG
   * (when its annotations bind the DAG) as owners of the DAG. Off by default:
   * whoever may edit the entity's catalog file could then claim any DAG.
   */
  trustAnnotations: boolean;
}

/** Time-to-live of cached upstream answers, in seconds (0 disables caching). */
export interface CacheSettings {
  healthTtlSeconds: number;
  dagsTtlSeconds: number;
  runsTtlSeconds: number;
}

export interface AuditSettings {
  /** Records older than this many days are deleted. */
  retentionDays: number;
}

/** Everything under `airflow`, validated, with defaults applied. */
export interface AirflowConfig {
  environments: EnvironmentConfig[];
  cache: CacheSettings;
  audit: AuditSettings;
  permissions: PermissionSettings;
  notifications: NotificationSettings;
  requests: RequestSettings;
}

/** `airflow.requests`, with defaults applied. */
export interface RequestSettings {
  /** The plugin's requests served at once; the others wait in turn. */
  maxInProgress: number;
  /** Requests that may wait; beyond it the plugin answers 503 with Retry-After. */
  maxQueued: number;
}

/** `airflow.environments[].notifications`, with defaults applied. */
export interface EnvironmentNotifications {
  /** Off unless set: nothing of this environment is notified. */
  enabled: boolean;
  /** The run states notified (default: failed). */
  runStates: Array<'failed' | 'success'>;
  /** Human-in-the-loop approvals waiting for an answer (default: true; Airflow 3.1+). */
  approvals: boolean;
}

/** `airflow.notifications`. */
export interface NotificationSettings {
  /**
   * False keeps the notifier off whatever the environments say (for example
   * in a test stack that counts the calls Airflow receives).
   */
  enabled: boolean;
  /** How often the notifier polls the environments (once across replicas). */
  pollIntervalSeconds: number;
  /** How far back the first poll of an environment looks. */
  initialLookbackMinutes: number;
}
