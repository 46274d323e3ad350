import type { Config } from '@backstage/config';
import { z } from 'zod';
import type {
  DirectAuthConfig,
  EnvironmentConfig,
  UpstreamLimits,
} from './types';

/** Limits used when neither `airflow.defaults` nor the environment sets them. */
export const DEFAULT_UPSTREAM_LIMITS: Readonly<UpstreamLimits> = {
  timeoutMs: 10_000,
  maxConcurrency: 8,
  readRetries: 2,
};

const NAME_PATTERN = /^[a-zA-Z][a-zA-Z0-9_-]*$/;
const MWAA_NAME_PATTERN = /^[a-zA-Z][0-9a-zA-Z_-]*$/;
const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d+$/;

// Config values substituted from environment variables arrive as strings.
const integer = (min: number, max: number) =>
  z.preprocess(
    v => (typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : v),
    z.number().int().min(min).max(max),
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

const limitsShape = {
  timeoutMs: integer(1, 600_000).optional(),
  maxConcurrency: integer(1, 1_000).optional(),
  readRetries: integer(0, 10).optional(),
};

const limitsSchema = z.object(limitsShape).strict();

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

const mwaaSchema = z
  .object({
    environmentName: nonEmpty.max(80).regex(MWAA_NAME_PATTERN, {
      message:
        'must match ^[a-zA-Z][0-9a-zA-Z-_]*$ (the MWAA environment name)',
    }),
    region: nonEmpty.regex(REGION_PATTERN, {
      message: 'must be an AWS region such as us-east-1',
    }),
    roleArn: nonEmpty
      .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/, {
        message: 'must be an IAM role ARN (arn:aws:iam::<account>:role/<name>)',
      })
      .optional(),
    externalId: nonEmpty.optional(),
    endpoint: httpUrl.optional(),
    logsEndpoint: httpUrl.optional(),
  })
  .strict()
  .refine(m => !m.externalId || m.roleArn, {
    message: 'requires roleArn',
    path: ['externalId'],
  });

const environmentSchema = z
  .object({
    name: nonEmpty.regex(NAME_PATTERN, {
      message: 'must match ^[a-zA-Z][a-zA-Z0-9_-]*$',
    }),
    title: nonEmpty.optional(),
    owner: nonEmpty.optional(),
    description: z.string().optional(),
    tags: z.array(nonEmpty).optional(),
    uiUrl: httpUrl.optional(),
    apiVersion: z.enum(['v1', 'v2', 'auto']).optional(),
    baseUrl: httpUrl.optional(),
    auth: authSchema.optional(),
    mwaa: mwaaSchema.optional(),
    ...limitsShape,
  })
  .strict()
  .superRefine((e, ctx) => {
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

type ParsedEnvironment = z.infer<typeof environmentSchema>;

/**
 * Reads and validates `airflow.environments` (and `airflow.defaults`).
 * Throws one error listing every problem; messages name the environment and
 * the key but never a configured value, so no secret can leak into logs.
 */
export function readEnvironmentsConfig(config: Config): EnvironmentConfig[] {
  const rawDefaults = config.getOptional('airflow.defaults');
  const rawEnvironments = config.getOptional('airflow.environments');
  const problems: string[] = [];

  let defaults: UpstreamLimits = { ...DEFAULT_UPSTREAM_LIMITS };
  if (rawDefaults !== undefined) {
    const parsed = limitsSchema.safeParse(rawDefaults);
    if (parsed.success) {
      defaults = mergeLimits(defaults, parsed.data);
    } else {
      problems.push(
        ...parsed.error.issues.map(
          i => `airflow.defaults: ${describeIssue(i, rawDefaults)}`,
        ),
      );
    }
  }

  if (rawEnvironments === undefined) {
    throwIfAny(problems);
    return [];
  }
  if (!Array.isArray(rawEnvironments)) {
    problems.push('airflow.environments must be a list');
    throwIfAny(problems);
    return [];
  }

  const result: EnvironmentConfig[] = [];
  const firstIndexByName = new Map<string, number>();
  rawEnvironments.forEach((raw, index) => {
    const where = describeEntry(index, raw);
    const parsed = environmentSchema.safeParse(raw);
    if (!parsed.success) {
      problems.push(
        ...parsed.error.issues.map(i => `${where}: ${describeIssue(i, raw)}`),
      );
      return;
    }
    const previous = firstIndexByName.get(parsed.data.name);
    if (previous !== undefined) {
      problems.push(
        `${where}: name is already used by airflow.environments[${previous}]`,
      );
      return;
    }
    firstIndexByName.set(parsed.data.name, index);
    result.push(toEnvironmentConfig(parsed.data, defaults));
  });

  throwIfAny(problems);
  return result;
}

function toEnvironmentConfig(
  e: ParsedEnvironment,
  defaults: UpstreamLimits,
): EnvironmentConfig {
  return {
    name: e.name,
    title: e.title ?? e.name,
    owner: e.owner,
    description: e.description,
    tags: e.tags ?? [],
    uiUrl: e.uiUrl,
    apiVersion: e.apiVersion ?? 'auto',
    connection: e.mwaa
      ? { kind: 'mwaa', ...e.mwaa }
      : {
          kind: 'direct',
          baseUrl: e.baseUrl!,
          auth: e.auth as DirectAuthConfig,
        },
    limits: mergeLimits(defaults, e),
  };
}

function mergeLimits(
  base: UpstreamLimits,
  override: Partial<UpstreamLimits>,
): UpstreamLimits {
  return {
    timeoutMs: override.timeoutMs ?? base.timeoutMs,
    maxConcurrency: override.maxConcurrency ?? base.maxConcurrency,
    readRetries: override.readRetries ?? base.readRetries,
  };
}

function describeEntry(index: number, raw: unknown): string {
  const name = isRecord(raw) ? raw.name : undefined;
  return typeof name === 'string' && name.length <= 100
    ? `airflow.environments[${index}] (name ${JSON.stringify(name)})`
    : `airflow.environments[${index}]`;
}

/** Turns a zod issue into "<key> <problem>" without echoing the value. */
function describeIssue(issue: z.ZodIssue, raw: unknown): string {
  const key = formatPath(issue.path);
  const subject = key || 'entry';
  switch (issue.code) {
    case z.ZodIssueCode.invalid_type:
      if (issue.received === 'undefined') {
        const authType = authTypeOf(raw);
        return issue.path[0] === 'auth' && authType
          ? `${subject} is required for auth type ${authType}`
          : `${subject} is required`;
      }
      return `${subject} must be ${article(issue.expected)} (got ${
        issue.received
      })`;
    case z.ZodIssueCode.invalid_union_discriminator:
    case z.ZodIssueCode.invalid_enum_value:
      return `${subject} must be one of ${issue.options.join(', ')}`;
    case z.ZodIssueCode.unrecognized_keys:
      return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys
        .map(k => (key ? `${key}.${k}` : k))
        .join(', ')}`;
    case z.ZodIssueCode.too_small:
      return issue.type === 'string'
        ? `${subject} must not be empty`
        : `${subject} must be at least ${issue.minimum}`;
    case z.ZodIssueCode.too_big:
      return issue.type === 'string'
        ? `${subject} must be at most ${issue.maximum} characters`
        : `${subject} must be at most ${issue.maximum}`;
    case z.ZodIssueCode.not_multiple_of:
      return `${subject} is not valid`;
    default:
      // Custom messages (refinements) are ours and never contain values.
      return `${subject} ${issue.message}`;
  }
}

function formatPath(path: (string | number)[]): string {
  return path.reduce<string>((key, p) => {
    if (typeof p === 'number') return `${key}[${p}]`;
    return key ? `${key}.${p}` : p;
  }, '');
}

function authTypeOf(raw: unknown): string | undefined {
  const auth = isRecord(raw) ? raw.auth : undefined;
  const type = isRecord(auth) ? auth.type : undefined;
  return type === 'jwt' || type === 'token' || type === 'basic'
    ? type
    : undefined;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
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

function throwIfAny(problems: string[]): void {
  if (problems.length === 1) {
    throw new Error(`Invalid Airflow configuration: ${problems[0]}`);
  }
  if (problems.length > 1) {
    throw new Error(
      `Invalid Airflow configuration:\n${problems
        .map(p => `  - ${p}`)
        .join('\n')}`,
    );
  }
}
