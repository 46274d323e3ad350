import {
  ENVIRONMENT_NAME_MAX_LENGTH,
  ENVIRONMENT_NAME_PATTERN,
} from '@airflow-portal/plugin-airflow-common';
import {
  makeValidator,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { z } from 'zod';
import type {
  AuditSettings,
  CacheSettings,
  NotificationSettings,
  RequestSettings,
  UpstreamLimits,
} from './types';

/*
 * The one schema of `airflow.*` (config.d.ts documents the same keys for
 * Backstage's config tooling). Refinement messages name the key and the rule,
 * never a configured value: they end up in start-up logs.
 */

/** Limits used when neither `airflow.defaults` nor the environment sets them. */
export const DEFAULT_UPSTREAM_LIMITS: Readonly<UpstreamLimits> = {
  timeoutMs: 10_000,
  maxConcurrency: 8,
  readRetries: 2,
  maxQueued: 100,
  maxResponseBytes: 6 * 1024 * 1024,
  requestsPerSecond: 0,
};

// Short by default: the portal shows live operations, the cache only absorbs bursts.
export const DEFAULT_CACHE_SETTINGS: Readonly<CacheSettings> = {
  healthTtlSeconds: 15,
  dagsTtlSeconds: 30,
  runsTtlSeconds: 10,
};

export const DEFAULT_AUDIT_SETTINGS: Readonly<AuditSettings> = {
  retentionDays: 90,
};

export const DEFAULT_REQUEST_SETTINGS: Readonly<RequestSettings> = {
  maxInProgress: 32,
  maxQueued: 2_000,
};

export const DEFAULT_NOTIFICATION_SETTINGS: Readonly<NotificationSettings> = {
  enabled: true,
  pollIntervalSeconds: 60,
  initialLookbackMinutes: 60,
};

const MWAA_NAME_PATTERN = /^[a-zA-Z][0-9a-zA-Z_-]*$/;
const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d+$/;

// Config values substituted from environment variables arrive as strings.
const fromString = (pattern: RegExp) => (v: unknown) =>
  typeof v === 'string' && pattern.test(v.trim()) ? Number(v) : v;

const integer = (min: number, max: number) =>
  z.preprocess(fromString(/^\d+$/), z.number().int().min(min).max(max));

const seconds = z.preprocess(
  fromString(/^\d+(\.\d+)?$/),
  z.number().finite().min(0),
);

const boolean = z.preprocess(
  v => (v === 'true' || v === 'false' ? v === 'true' : v),
  z.boolean(),
);

const nonEmpty = z.string().trim().min(1);

// Credentials belong in `auth` (a secret), never in a URL that ends up in logs.
const httpUrl = nonEmpty
  .refine(isHttpUrl, { message: 'must be an http(s) URL' })
  .refine(v => !isHttpUrl(v) || !hasUserInfo(v), {
    message: 'must not contain credentials',
  })
  .refine(v => !isHttpUrl(v) || !new URL(v).search, {
    message: 'must not contain a query string',
  })
  .transform(v => v.replace(/\/+$/, ''));

/**
 * The catalog entity that owns an environment (the catalog module publishes
 * it as the environment Resource's owner): an entity ref, a bare name being
 * a group of the default namespace; kept as a full ref.
 */
const ownerRef = nonEmpty
  .refine(v => toOwnerRef(v) !== undefined, {
    message: 'must be an entity ref such as group:default/platform-team',
  })
  .transform(v => toOwnerRef(v) as string);

const entityRefParts = makeValidator();

/** The full ref, or undefined when a part is not what the catalog accepts. */
function toOwnerRef(value: string): string | undefined {
  try {
    const ref = parseEntityRef(value, {
      defaultKind: 'group',
      defaultNamespace: 'default',
    });
    const valid =
      entityRefParts.isValidKind(ref.kind) &&
      entityRefParts.isValidNamespace(ref.namespace) &&
      entityRefParts.isValidEntityName(ref.name);
    return valid ? stringifyEntityRef(ref) : undefined;
  } catch {
    return undefined;
  }
}

const limitsShape = {
  timeoutMs: integer(1, 600_000).optional(),
  maxConcurrency: integer(1, 1_000).optional(),
  readRetries: integer(0, 10).optional(),
  maxQueued: integer(0, 100_000).optional(),
  maxResponseBytes: integer(1024, 1024 * 1024 * 1024).optional(),
  requestsPerSecond: integer(0, 10_000).optional(),
};

/** `airflow.defaults`. */
export const limitsSchema = z.object(limitsShape).strict();

/** `airflow.cache`. */
export const cacheSchema = z.object({
  healthTtlSeconds: seconds.optional(),
  dagsTtlSeconds: seconds.optional(),
  runsTtlSeconds: seconds.optional(),
});

/** How a DAG's Airflow owners become catalog refs when no `dagOwners` is set. */
export const DEFAULT_DAG_OWNER_TEMPLATE = 'group:default/{owner}';

/** `airflow.permissions`. */
export const permissionsSchema = z
  .object({ trustAnnotations: boolean.optional() })
  .strict();

/** `airflow.environments[].dagOwners`. */
const dagOwnersSchema = z
  .object({
    template: z
      .union([
        nonEmpty.refine(v => v.includes('{owner}'), {
          message: 'must contain {owner}',
        }),
        z.literal(false),
      ])
      .optional(),
    owners: z.record(z.union([nonEmpty, z.array(nonEmpty)])).optional(),
    tagPrefix: nonEmpty.optional(),
  })
  .strict();

/** `airflow.requests`: how many of the plugin's requests are served at once. */
export const requestsSchema = z
  .object({
    maxInProgress: integer(1, 10_000).optional(),
    maxQueued: integer(0, 1_000_000).optional(),
  })
  .strict();

/** `airflow.audit`. */
export const auditSchema = z.object({
  retentionDays: integer(1, Number.MAX_SAFE_INTEGER).optional(),
});

/** `airflow.notifications`: whether the notifier runs at all, how often it polls, how far back it starts. */
export const notificationsSchema = z
  .object({
    enabled: boolean.optional(),
    pollIntervalSeconds: integer(1, 24 * 60 * 60).optional(),
    initialLookbackMinutes: integer(0, 7 * 24 * 60).optional(),
  })
  .strict();

/** `airflow.environments[].notifications`: off unless `enabled`. */
const environmentNotificationsSchema = z
  .object({
    enabled: boolean.optional(),
    runStates: z
      .array(z.enum(['failed', 'success']))
      .min(1)
      .optional(),
    approvals: boolean.optional(),
  })
  .strict();

const authSchema = z.discriminatedUnion('type', [
  z
    .object({ type: z.literal('jwt'), username: nonEmpty, password: nonEmpty })
    .strict(),
  z.object({ type: z.literal('token'), token: nonEmpty }).strict(),
  z
    .object({
      type: z.literal('basic'),
      username: nonEmpty,
      password: nonEmpty,
    })
    .strict(),
]);

const roleArn = nonEmpty.regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/, {
  message: 'must be an IAM role ARN (arn:aws:iam::<account>:role/<name>)',
});

/**
 * `airflow.environments[].mwaa.webLogin`: the identity that creates web
 * login tokens. A role of its own, always: the Airflow session a token opens
 * carries the role of whoever created it.
 */
const webLoginSchema = z
  .object({
    roleArn,
    externalId: nonEmpty.optional(),
    // STS: 2 to 64 characters of [\w+=,.@-].
    sessionName: nonEmpty
      .regex(/^[\w+=,.@-]{2,64}$/, {
        message: 'must be 2 to 64 characters of letters, digits and +=,.@_-',
      })
      .optional(),
    stsEndpoint: httpUrl.optional(),
    webServerUrl: httpUrl.optional(),
  })
  .strict();

const mwaaSchema = z
  .object({
    environmentName: nonEmpty.max(80).regex(MWAA_NAME_PATTERN, {
      message:
        'must match ^[a-zA-Z][0-9a-zA-Z-_]*$ (the MWAA environment name)',
    }),
    region: nonEmpty.regex(REGION_PATTERN, {
      message: 'must be an AWS region such as us-east-1',
    }),
    roleArn: roleArn.optional(),
    externalId: nonEmpty.optional(),
    endpoint: httpUrl.optional(),
    logsEndpoint: httpUrl.optional(),
    webLogin: webLoginSchema.optional(),
  })
  .strict()
  .refine(m => !m.externalId || m.roleArn, {
    message: 'requires roleArn',
    path: ['externalId'],
  })
  .refine(m => !m.webLogin || m.webLogin.roleArn !== m.roleArn, {
    message:
      'must be a role of its own, not the roleArn the portal operates with: the Airflow UI session carries the Airflow role of the identity that signs the token',
    path: ['webLogin', 'roleArn'],
  });

/** One entry of `airflow.environments`. */
export const environmentSchema = z
  .object({
    name: nonEmpty
      .max(ENVIRONMENT_NAME_MAX_LENGTH)
      .regex(ENVIRONMENT_NAME_PATTERN, {
        message: `must match ${ENVIRONMENT_NAME_PATTERN.source}`,
      }),
    title: nonEmpty.optional(),
    owner: ownerRef.optional(),
    description: z.string().optional(),
    tags: z.array(nonEmpty).optional(),
    production: boolean.optional(),
    dagOwners: dagOwnersSchema.optional(),
    uiUrl: httpUrl.optional(),
    apiVersion: z.enum(['v1', 'v2', 'auto']).optional(),
    baseUrl: httpUrl.optional(),
    auth: authSchema.optional(),
    mwaa: mwaaSchema.optional(),
    allowInsecureHttp: boolean.optional(),
    notifications: environmentNotificationsSchema.optional(),
    ...limitsShape,
  })
  .strict()
  .superRefine((e, ctx) => {
    // Credentials (a password, a token, AWS's signed session token) go
    // with every call: in clear text only where the environment says so.
    if (!e.allowInsecureHttp) {
      const insecure: Array<[string[], string | undefined]> = [
        [['baseUrl'], e.baseUrl],
        [['mwaa', 'endpoint'], e.mwaa?.endpoint],
        [['mwaa', 'logsEndpoint'], e.mwaa?.logsEndpoint],
        [['mwaa', 'webLogin', 'stsEndpoint'], e.mwaa?.webLogin?.stsEndpoint],
        [['mwaa', 'webLogin', 'webServerUrl'], e.mwaa?.webLogin?.webServerUrl],
      ];
      for (const [path, url] of insecure) {
        if (url !== undefined && isPlainHttp(url)) {
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            path,
            message:
              'uses http://, which would send credentials in clear text: use https://, or set allowInsecureHttp: true on this environment (local development only)',
          });
        }
      }
    }
    const direct = e.baseUrl !== undefined || e.auth !== undefined;
    if (direct && e.mwaa) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['mwaa'],
        message:
          'cannot be combined with baseUrl/auth: set exactly one connection',
      });
    } else if (!direct && !e.mwaa) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['baseUrl'],
        message: 'is required (or configure mwaa instead)',
      });
    } else if (direct && e.baseUrl === undefined) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['baseUrl'],
        message: 'is required when auth is set',
      });
    } else if (direct && e.auth === undefined) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['auth'],
        message: 'is required when baseUrl is set (type jwt, token or basic)',
      });
    }
  });

export type ParsedEnvironment = z.infer<typeof environmentSchema>;

function isPlainHttp(v: string): boolean {
  try {
    return new URL(v).protocol === 'http:';
  } catch {
    return false;
  }
}

function isHttpUrl(v: string): boolean {
  try {
    const url = new URL(v);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function hasUserInfo(v: string): boolean {
  const url = new URL(v);
  return Boolean(url.username || url.password);
}
