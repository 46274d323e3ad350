import type { Config } from '@backstage/config';
import type { z } from 'zod';
import { describeIssue, isRecord } from './describeIssue';
import {
  auditSchema,
  cacheSchema,
  DEFAULT_AUDIT_SETTINGS,
  DEFAULT_CACHE_SETTINGS,
  DEFAULT_DAG_OWNER_TEMPLATE,
  DEFAULT_UPSTREAM_LIMITS,
  environmentSchema,
  limitsSchema,
  notificationsSchema,
  DEFAULT_NOTIFICATION_SETTINGS,
  DEFAULT_REQUEST_SETTINGS,
  permissionsSchema,
  requestsSchema,
  type ParsedEnvironment,
} from './schema';
import type {
  AirflowConfig,
  AuditSettings,
  CacheSettings,
  DagOwnerMapping,
  DirectAuthConfig,
  EnvironmentConfig,
  EnvironmentNotifications,
  NotificationSettings,
  RequestSettings,
  UpstreamLimits,
} from './types';

/**
 * Reads and validates everything under `airflow`: the environments (with
 * `airflow.defaults` applied), cache TTLs and audit retention. Throws one
 * error listing every problem; messages name the key (and the environment)
 * but never a configured value, so no secret can leak into logs.
 */
export function readAirflowConfig(config: Config): AirflowConfig {
  const problems: string[] = [];
  const section = <S extends z.ZodTypeAny>(key: string, schema: S) =>
    readSection(config, key, schema, problems);

  const defaults = withDefaults<UpstreamLimits>(
    DEFAULT_UPSTREAM_LIMITS,
    section('defaults', limitsSchema),
  );
  const cache = withDefaults<CacheSettings>(
    DEFAULT_CACHE_SETTINGS,
    section('cache', cacheSchema),
  );
  const audit = withDefaults<AuditSettings>(
    DEFAULT_AUDIT_SETTINGS,
    section('audit', auditSchema),
  );
  const permissions = {
    trustAnnotations:
      section('permissions', permissionsSchema)?.trustAnnotations ?? false,
  };
  const notifications = withDefaults<NotificationSettings>(
    DEFAULT_NOTIFICATION_SETTINGS,
    section('notifications', notificationsSchema),
  );
  const requests = withDefaults<RequestSettings>(
    DEFAULT_REQUEST_SETTINGS,
    section('requests', requestsSchema),
  );
  const environments = readEnvironments(
    config.getOptional('airflow.environments'),
    defaults,
    problems,
  );

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
  return {
    environments,
    cache,
    audit,
    permissions,
    notifications,
    requests,
  };
}

/** `airflow.<key>`, parsed; undefined when absent or invalid (then its problems are listed). */
function readSection<S extends z.ZodTypeAny>(
  config: Config,
  key: string,
  schema: S,
  problems: string[],
): Partial<z.output<S>> | undefined {
  const raw = config.getOptional(`airflow.${key}`);
  if (raw === undefined) {
    return undefined;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    problems.push(
      ...parsed.error.issues.map(
        i => `airflow.${key}: ${describeIssue(i, raw)}`,
      ),
    );
    return undefined;
  }
  return parsed.data;
}

function readEnvironments(
  raw: unknown,
  defaults: UpstreamLimits,
  problems: string[],
): EnvironmentConfig[] {
  if (raw === undefined) {
    return [];
  }
  if (!Array.isArray(raw)) {
    problems.push('airflow.environments must be a list');
    return [];
  }
  const result: EnvironmentConfig[] = [];
  const firstIndexByName = new Map<string, number>();
  raw.forEach((entry, index) => {
    const where = describeEntry(index, entry);
    const parsed = environmentSchema.safeParse(entry);
    if (!parsed.success) {
      problems.push(
        ...parsed.error.issues.map(i => `${where}: ${describeIssue(i, entry)}`),
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
    production: e.production ?? isTaggedProduction(e.tags ?? []),
    uiUrl: e.uiUrl,
    dagOwners: toDagOwnerMapping(e.dagOwners),
    apiVersion: e.apiVersion ?? 'auto',
    connection: e.mwaa
      ? { kind: 'mwaa', ...e.mwaa }
      : {
          kind: 'direct',
          baseUrl: e.baseUrl!,
          auth: e.auth as DirectAuthConfig,
        },
    limits: withDefaults(defaults, e),
    notifications: e.notifications
      ? toEnvironmentNotifications(e.notifications)
      : undefined,
  };
}

/** Off unless enabled; when on, failed runs and waiting approvals. */
function toEnvironmentNotifications(
  raw: NonNullable<ParsedEnvironment['notifications']>,
): EnvironmentNotifications {
  return {
    enabled: raw.enabled ?? false,
    runStates: Array.from(new Set(raw.runStates ?? ['failed'])),
    approvals: raw.approvals ?? true,
  };
}

function toDagOwnerMapping(
  raw: ParsedEnvironment['dagOwners'],
): DagOwnerMapping {
  const template =
    raw?.template === false
      ? undefined
      : raw?.template ?? DEFAULT_DAG_OWNER_TEMPLATE;
  const owners = Object.fromEntries(
    Object.entries(raw?.owners ?? {}).map(([owner, refs]) => [
      owner.toLocaleLowerCase('en-US'),
      Array.isArray(refs) ? refs : [refs],
    ]),
  );
  return { template, owners, tagPrefix: raw?.tagPrefix };
}

/** Without an explicit `production`, an environment tagged `production` is one. */
function isTaggedProduction(tags: string[]): boolean {
  return tags.some(tag => tag.toLocaleLowerCase('en-US') === 'production');
}

/** Each key of `base`, unless `override` sets it. */
function withDefaults<T extends object>(
  base: Readonly<T>,
  override: Partial<T> | undefined,
): T {
  const result = { ...base } as T;
  for (const key of Object.keys(base) as Array<keyof T>) {
    const value = override?.[key];
    if (value !== undefined) {
      result[key] = value as T[keyof T];
    }
  }
  return result;
}

function describeEntry(index: number, raw: unknown): string {
  const name = isRecord(raw) ? raw.name : undefined;
  return typeof name === 'string' && name.length <= 100
    ? `airflow.environments[${index}] (name ${JSON.stringify(name)})`
    : `airflow.environments[${index}]`;
}
