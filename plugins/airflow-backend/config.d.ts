export interface Config {
  /** Apache Airflow environments the portal shows and operates. */
  airflow?: {
    /** Limits applied to every environment unless the environment sets its own. */
    defaults?: {
      /** Deadline of one upstream request in milliseconds, retries included (default 10000; MWAA caps it at 10000). */
      timeoutMs?: number;
      /** Maximum concurrent upstream calls per environment (default 8). */
      maxConcurrency?: number;
      /** Retries of idempotent reads on network errors, 429, 502, 503 and 504 within the call's one deadline (default 2); never after a timeout, never for writes. */
      readRetries?: number;
      /** Calls that may wait for a free slot per environment and lane (default 100); beyond it the portal answers 503 with Retry-After. */
      maxQueued?: number;
      /** Largest answer read from Airflow in bytes (default 6 MB, as MWAA caps InvokeRestApi). */
      maxResponseBytes?: number;
      /** Calls per second per environment; 0 (default) = MWAA 8 (below InvokeRestApi's ~10 TPS), direct unlimited. */
      requestsPerSecond?: number;
    };

    /**
     * How many of the plugin's requests are served at once. The others wait
     * their turn, so that under more load than the backend can serve, a
     * request that has to ask the permission backend is not starved by all
     * the others in progress.
     */
    requests?: {
      /** Requests in progress at once (default 32). */
      maxInProgress?: number;
      /** Requests that may wait (default 2000); beyond it the plugin answers 503 with Retry-After. */
      maxQueued?: number;
    };

    /**
     * How long answers from Airflow are cached, in seconds (0 disables). The
     * cache is Backstage's cache service: memory by default, Redis or
     * memcache when `backend.cache` says so.
     */
    cache?: {
      /** Health, version and import-error counts (default 15). */
      healthTtlSeconds?: number;
      /** DAG lists (default 30). */
      dagsTtlSeconds?: number;
      /** DAG runs and task instances (default 10). */
      runsTtlSeconds?: number;
    };

    /**
     * The audit trail of trigger and pause attempts, kept in the plugin's
     * database.
     */
    audit?: {
      /** Records older than this many days are deleted by a scheduled task (default 90, at least 1). */
      retentionDays?: number;
    };

    /** How permissions on DAGs are decided. */
    permissions?: {
      /**
       * Also count the owners of the catalog entity through which a request
       * names a DAG as owners of the DAG, when the entity's annotations bind
       * it (default false). Risk: whoever may edit that entity's
       * `catalog-info.yaml` can then bind any DAG and act on it as its owner.
       * Only for organisations that review every catalog file centrally.
       */
      trustAnnotations?: boolean;
    };

    /**
     * The environments. Each one sets exactly one connection: `baseUrl` with
     * `auth`, or `mwaa`.
     */
    environments?: Array<{
      /** Unique id used in URLs and catalog annotations; pattern `^[a-zA-Z][a-zA-Z0-9_-]*$`, at most 100 characters. */
      name: string;
      /** Display name (defaults to `name`). */
      title?: string;
      /** Catalog group ref of the owning team, e.g. `group:default/data-platform`. */
      owner?: string;
      /** Free-form labels, e.g. `production`, `eu`; permission policies can match them (`HAS_ENVIRONMENT_TAG`). */
      tags?: string[];
      /**
       * A production environment: the portal asks for stronger confirmation of
       * operations there, and audits them with severity `high`. Default: true
       * when `tags` has `production`, else false.
       */
      production?: boolean;
      /**
       * How the DAGs' Airflow `owners` (and owner tags) become catalog refs
       * for the `IS_DAG_OWNER` rule. Each owner is mapped by its entry in
       * `owners` (case-insensitive), else by `template`.
       */
      dagOwners?: {
        /** `{owner}` is replaced by the owner's name (default `group:default/{owner}`); `false` maps only `owners`. */
        template?: string | false;
        /** Owner name → one or more catalog refs. */
        owners?: { [owner: string]: string | string[] };
        /** Tags that start with it name an owner too, e.g. `owner:` for a tag `owner:team-data`. */
        tagPrefix?: string;
      };
      /** Short description shown in the portal. */
      description?: string;
      /** Base URL of the Airflow UI, for deep links. */
      uiUrl?: string;
      /** REST API generation: `v1` (Airflow 2), `v2` (Airflow 3) or `auto` (default; detected on first use). */
      apiVersion?: 'v1' | 'v2' | 'auto';

      /** Direct connection: root URL of the Airflow API server/webserver, without `/api/v1` or `/api/v2` and without credentials. */
      baseUrl?: string;
      /**
       * Allow `http://` for `baseUrl` and the MWAA endpoints. Credentials go
       * with every call, so without this an `http://` URL is refused at
       * startup. For a local development setup only; default false.
       */
      allowInsecureHttp?: boolean;
      /**
       * Direct connection credentials (required with `baseUrl`).
       * `jwt`: Airflow 3 token from `POST {baseUrl}/auth/token`; `token`: a static bearer token; `basic`: Airflow 2 basic auth.
       */
      auth?:
        | {
            type: 'jwt';
            username: string;
            /** @visibility secret */
            password: string;
          }
        | {
            type: 'token';
            /** @visibility secret */
            token: string;
          }
        | {
            type: 'basic';
            username: string;
            /** @visibility secret */
            password: string;
          };

      /**
       * Amazon MWAA connection (InvokeRestApi), instead of `baseUrl`/`auth`.
       * Credentials come from the AWS default chain, or from assuming `roleArn`.
       */
      mwaa?: {
        /** MWAA environment name. */
        environmentName: string;
        /** AWS region, e.g. `us-east-1`. */
        region: string;
        /** IAM role to assume for MWAA calls (needs `airflow:InvokeRestApi` and `airflow:GetEnvironment`). */
        roleArn?: string;
        /**
         * External id required by the role's trust policy.
         * @visibility secret
         */
        externalId?: string;
        /** Service endpoint override (VPC endpoint, local fake); no `env.`/`api.` host prefix is added. */
        endpoint?: string;
        /**
         * CloudWatch Logs endpoint override for reading task logs (a VPC endpoint of
         * CloudWatch Logs, a local fake); by default the region's public endpoint.
         */
        logsEndpoint?: string;
        /**
         * "Open in Airflow" signed in: the identity that creates web login
         * tokens (CreateWebLoginToken) for users with
         * `airflow.environment.webLogin`. The Airflow UI session carries this
         * identity's Airflow role, so it is a role of its own (e.g. mapped to
         * Airflow's `Viewer`), assumed from the AWS default chain; never the
         * `roleArn` above, and never a fallback to it. Without it the link
         * stays a plain link.
         */
        webLogin?: {
          /** IAM role to assume for CreateWebLoginToken (needs `airflow:CreateWebLoginToken` on `arn:aws:airflow:<region>:<account>:role/<environment>/<Airflow role>`). */
          roleArn: string;
          /**
           * External id required by the role's trust policy.
           * @visibility secret
           */
          externalId?: string;
          /** STS role session name (default `backstage-airflow-web-<name>`); MWAA names the Airflow user after it. */
          sessionName?: string;
          /** STS endpoint override (a VPC endpoint of STS, a local fake). */
          stsEndpoint?: string;
          /** Replaces `https://{WebServerHostname}` in the sign-in URL (a custom domain in front of a private web server, a local fake). */
          webServerUrl?: string;
        };
      };

      /** Timeout of one upstream call in milliseconds (overrides `airflow.defaults.timeoutMs`). */
      timeoutMs?: number;
      /** Maximum concurrent upstream calls (overrides `airflow.defaults.maxConcurrency`). */
      maxConcurrency?: number;
      /** Retries of idempotent reads (overrides `airflow.defaults.readRetries`). */
      readRetries?: number;
      /** Overrides `airflow.defaults.maxQueued`. */
      maxQueued?: number;
      /** Overrides `airflow.defaults.maxResponseBytes`. */
      maxResponseBytes?: number;
      /** Overrides `airflow.defaults.requestsPerSecond`. */
      requestsPerSecond?: number;

      /**
       * Notifications to the owners of the catalog entities bound to this
       * environment's DAGs (through the notifications backend). Off unless
       * `enabled`.
       */
      notifications?: {
        /** Notify for this environment (default false). */
        enabled?: boolean;
        /** The run states notified, each once per run (default `[failed]`). */
        runStates?: Array<'failed' | 'success'>;
        /** Human-in-the-loop approvals waiting for an answer (default true; Airflow 3.1+). */
        approvals?: boolean;
      };
    }>;

    /**
     * The notifier that polls the environments with `notifications.enabled`
     * (once across replicas).
     */
    notifications?: {
      /**
       * False keeps the notifier off, whatever the environments enable
       * (default true: each environment's `notifications.enabled` decides).
       */
      enabled?: boolean;
      /** Seconds between two polls (default 60). */
      pollIntervalSeconds?: number;
      /** How far back, in minutes, the first poll of an environment looks (default 60). */
      initialLookbackMinutes?: number;
    };
  };
}
