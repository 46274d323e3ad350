export interface Config {
  /** Apache Airflow environments the portal shows and operates. */
  airflow?: {
    /**
     * Limits applied to every environment unless the environment sets its own.
     * @visibility backend
     */
    defaults?: {
      /**
       * Timeout of one upstream call in milliseconds (default 10000; MWAA caps it at 10000).
       * @visibility backend
       */
      timeoutMs?: number;
      /**
       * Maximum concurrent upstream calls per environment (default 8).
       * @visibility backend
       */
      maxConcurrency?: number;
      /**
       * Retries of idempotent reads on network errors, timeouts, 429, 502, 503 and 504 (default 2). Writes are never retried.
       * @visibility backend
       */
      readRetries?: number;
    };

    /**
     * How long answers from Airflow are cached, in seconds (0 disables). The
     * cache is Backstage's cache service: memory by default, Redis or
     * memcache when `backend.cache` says so.
     */
    cache?: {
      /**
       * Health, version and import-error counts (default 15).
       * @visibility backend
       */
      healthTtlSeconds?: number;
      /**
       * DAG lists (default 30).
       * @visibility backend
       */
      dagsTtlSeconds?: number;
      /**
       * DAG runs and task instances (default 10).
       * @visibility backend
       */
      runsTtlSeconds?: number;
    };

    /**
     * The audit trail of trigger and pause attempts, kept in the plugin's
     * database.
     */
    audit?: {
      /**
       * Records older than this many days are deleted by a scheduled task (default 90, at least 1).
       * @visibility backend
       */
      retentionDays?: number;
    };

    /**
     * The environments. Each one sets exactly one connection: `baseUrl` with
     * `auth`, or `mwaa`.
     * @visibility backend
     */
    environments?: Array<{
      /**
       * Unique id used in URLs and catalog annotations; pattern `^[a-zA-Z][a-zA-Z0-9_-]*$`.
       * @visibility backend
       */
      name: string;
      /**
       * Display name (defaults to `name`).
       * @visibility backend
       */
      title?: string;
      /**
       * Catalog group ref of the owning team, e.g. `group:default/data-platform`.
       * @visibility backend
       */
      owner?: string;
      /**
       * Free-form labels, e.g. `prod`, `eu`.
       * @visibility backend
       */
      tags?: string[];
      /**
       * Short description shown in the portal.
       * @visibility backend
       */
      description?: string;
      /**
       * Base URL of the Airflow UI, for deep links.
       * @visibility backend
       */
      uiUrl?: string;
      /**
       * REST API generation: `v1` (Airflow 2), `v2` (Airflow 3) or `auto` (default; detected on first use).
       * @visibility backend
       */
      apiVersion?: 'v1' | 'v2' | 'auto';

      /**
       * Direct connection: root URL of the Airflow API server/webserver, without `/api/v1` or `/api/v2` and without credentials.
       * @visibility backend
       */
      baseUrl?: string;
      /**
       * Direct connection credentials (required with `baseUrl`).
       * `jwt`: Airflow 3 token from `POST {baseUrl}/auth/token`; `token`: a static bearer token; `basic`: Airflow 2 basic auth.
       * @visibility backend
       */
      auth?:
        | {
            /** @visibility backend */
            type: 'jwt';
            /** @visibility backend */
            username: string;
            /** @visibility secret */
            password: string;
          }
        | {
            /** @visibility backend */
            type: 'token';
            /** @visibility secret */
            token: string;
          }
        | {
            /** @visibility backend */
            type: 'basic';
            /** @visibility backend */
            username: string;
            /** @visibility secret */
            password: string;
          };

      /**
       * Amazon MWAA connection (InvokeRestApi), instead of `baseUrl`/`auth`.
       * Credentials come from the AWS default chain, or from assuming `roleArn`.
       * @visibility backend
       */
      mwaa?: {
        /**
         * MWAA environment name.
         * @visibility backend
         */
        environmentName: string;
        /**
         * AWS region, e.g. `us-east-1`.
         * @visibility backend
         */
        region: string;
        /**
         * IAM role to assume for MWAA calls (needs `airflow:InvokeRestApi` and `airflow:GetEnvironment`).
         * @visibility backend
         */
        roleArn?: string;
        /**
         * External id required by the role's trust policy.
         * @visibility secret
         */
        externalId?: string;
        /**
         * Service endpoint override (VPC endpoint, local fake); no `env.`/`api.` host prefix is added.
         * @visibility backend
         */
        endpoint?: string;
        /**
         * CloudWatch Logs endpoint override for reading task logs (a VPC endpoint of
         * CloudWatch Logs, a local fake); by default the region's public endpoint.
         * @visibility backend
         */
        logsEndpoint?: string;
      };

      /**
       * Timeout of one upstream call in milliseconds (overrides `airflow.defaults.timeoutMs`).
       * @visibility backend
       */
      timeoutMs?: number;
      /**
       * Maximum concurrent upstream calls (overrides `airflow.defaults.maxConcurrency`).
       * @visibility backend
       */
      maxConcurrency?: number;
      /**
       * Retries of idempotent reads (overrides `airflow.defaults.readRetries`).
       * @visibility backend
       */
      readRetries?: number;
    }>;
  };
}
