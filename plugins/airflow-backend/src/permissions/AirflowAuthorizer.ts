import {
  AIRFLOW_AUDIT_RECORD_RESOURCE_TYPE,
  airflowAuditReadPermission,
  airflowEnvironmentImportErrorsReadPermission,
  airflowEnvironmentReadPermission,
  airflowInventoryReadPermission,
  airflowTaskLogReadPermission,
  formatAirflowDagResourceRef,
  type AirflowDag,
  type AirflowDagResourceRef,
} from '@airflow-portal/plugin-airflow-common';
import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  type AuthorizePermissionRequest,
  type BasicPermission,
  type PermissionCriteria,
  type PolicyDecision,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  createConditionAuthorizer,
  createConditionTransformer,
  type ConditionTransformer,
  type PermissionRuleset,
} from '@backstage/plugin-permission-node';
import { decideInProcess } from './decideInProcess';
import type { RecentDecisions } from './RecentDecisions';
import type {
  AuditRecordQuery,
  DagResource,
  EnvironmentResource,
} from './resources';
import { auditRecordRules, environmentRules, rulesetOf } from './rules';

/** One permission request and the reason given when it is denied. */
interface Check {
  request: AuthorizePermissionRequest;
  denied: string;
}

/** Where `airflow-dag` resources come from (see DagResources). */
export interface DagResourceSource {
  load(
    ref: AirflowDagResourceRef,
    known?: AirflowDag,
  ): Promise<DagResource | undefined>;
}

/** A DAG to decide on, with its Airflow metadata when the caller has it already. */
export interface DagTarget extends AirflowDagResourceRef {
  dag?: AirflowDag;
}

export interface AirflowAuthorizerOptions {
  permissions: PermissionsService;
  /** The registered `airflow-dag` rules, to apply conditional decisions here. */
  dagRuleset: PermissionRuleset<DagResource>;
  dagResources: DagResourceSource;
  /** A caller's recent answers, reused by `decideDagsToRead` (reads only). */
  recentDecisions?: RecentDecisions;
  /**
   * The configured environments as the environment rules see them, to apply
   * a reader's conditional decision on one here; without them, the
   * permission backend is asked with the environment's name.
   */
  environments?: EnvironmentResource[];
}

/** This plugin's own environment rules: a module's others are left to the permission backend. */
const environmentRuleset = rulesetOf(environmentRules);

/**
 * Every permission check of the routes and actions but reading an entity's
 * DAGs (`airflow.dag.read`, see EntityReads). Decisions come from the
 * permission backend: a conditional decision on a catalog entity is applied by
 * the plugin named in it (the catalog, or this plugin for the same rules).
 * Whatever acts on a DAG or inspects it (trigger, pause, logs, a run's conf)
 * is decided here, on the DAG (`airflow-dag`): one `authorizeConditional`
 * request, and a conditional answer applied to the DAG's facts in this
 * process, so a decision costs no round trip per DAG. Denials are
 * `NotAllowedError`s with a reason.
 */
export class AirflowAuthorizer {
  private readonly permissions: PermissionsService;
  private readonly auditQuery: ConditionTransformer<AuditRecordQuery>;
  private readonly dagResources: DagResourceSource;
  private readonly recentDecisions?: RecentDecisions;
  private readonly environments: Map<string, EnvironmentResource>;
  private readonly applyConditions: (
    decision: PolicyDecision,
    resource: DagResource | undefined,
  ) => boolean;

  constructor(options: AirflowAuthorizerOptions) {
    // The rules as registered (registerPermissions): only their toQuery is used.
    this.auditQuery = createConditionTransformer(rulesetOf(auditRecordRules));
    this.permissions = options.permissions;
    this.dagResources = options.dagResources;
    this.recentDecisions = options.recentDecisions;
    this.environments = new Map(
      (options.environments ?? []).map(env => [env.name, env]),
    );
    this.applyConditions = createConditionAuthorizer(options.dagRuleset);
  }

  /**
   * All `checks` in one request to the permission backend; the first denied one
   * (in the given order) becomes the `NotAllowedError`.
   */
  private async assertAll(
    checks: Check[],
    credentials: BackstageCredentials,
  ): Promise<void> {
    const decisions = await this.permissions.authorize(
      checks.map(check => check.request),
      { credentials },
    );
    const denied = decisions.findIndex(
      decision => decision.result !== AuthorizeResult.ALLOW,
    );
    if (denied >= 0) {
      throw new NotAllowedError(checks[denied].denied);
    }
  }

  assertBasic(
    permission: BasicPermission,
    credentials: BackstageCredentials,
  ): Promise<void> {
    return this.assertAll([basicCheck(permission)], credentials);
  }

  /** `permission` on the catalog entity `entityRef`. */
  assertEntity(
    permission: ResourcePermission<'catalog-entity'>,
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<void> {
    return this.assertAll([entityCheck(permission, entityRef)], credentials);
  }

  /**
   * Whether the caller has `permission` on each DAG, in order. One request to
   * the permission backend; the DAGs' facts are loaded only for a
   * conditional answer. A DAG whose facts cannot be read is denied.
   */
  async decideDags(
    permission: ResourcePermission<'airflow-dag'>,
    refs: DagTarget[],
    credentials: BackstageCredentials,
  ): Promise<boolean[]> {
    if (refs.length === 0) {
      return [];
    }
    const [decision] = await this.permissions.authorizeConditional(
      [{ permission }],
      { credentials },
    );
    return this.applyToDags(decision, refs);
  }

  /**
   * `decideDags` for what a reader is shown (e.g. a run's conf unredacted),
   * never for an action: the caller's answer of the last few seconds is
   * reused (see RecentDecisions).
   */
  async decideDagsToRead(
    permission: ResourcePermission<'airflow-dag'>,
    refs: DagTarget[],
    credentials: BackstageCredentials,
  ): Promise<boolean[]> {
    if (!this.recentDecisions) {
      return this.decideDags(permission, refs, credentials);
    }
    if (refs.length === 0) {
      return [];
    }
    const decision = await this.recentDecisions.authorizeConditional(
      permission,
      credentials,
    );
    return this.applyToDags(decision, refs);
  }

  private async applyToDags(
    decision: PolicyDecision,
    refs: DagTarget[],
  ): Promise<boolean[]> {
    if (decision.result === AuthorizeResult.ALLOW) {
      return refs.map(() => true);
    }
    if (decision.result === AuthorizeResult.DENY) {
      return refs.map(() => false);
    }
    const resources = await Promise.all(
      refs.map(({ dag, ...ref }) => this.dagResources.load(ref, dag)),
    );
    return resources.map(resource =>
      resource === undefined ? false : this.applyConditions(decision, resource),
    );
  }

  /** `permission` on one DAG (`airflow-dag`), or a `NotAllowedError` naming the DAG. */
  async assertDag(
    permission: ResourcePermission<'airflow-dag'>,
    ref: AirflowDagResourceRef,
    credentials: BackstageCredentials,
  ): Promise<void> {
    const [allowed] = await this.decideDags(permission, [ref], credentials);
    if (!allowed) {
      throw new NotAllowedError(
        `Permission ${permission.name} on DAG "${formatAirflowDagResourceRef({
          environment: ref.environment,
          dagId: ref.dagId,
        })}" is required`,
      );
    }
  }

  /** `permission` on one environment (`airflow-environment`), or a `NotAllowedError` naming it. */
  assertEnvironment(
    permission: ResourcePermission<'airflow-environment'>,
    environment: string,
    credentials: BackstageCredentials,
  ): Promise<void> {
    return this.assertAll(
      [
        {
          request: { permission, resourceRef: environment },
          denied: `Permission ${permission.name} on environment "${environment}" is required`,
        },
      ],
      credentials,
    );
  }

  /** Logs: seeing the DAG on the entity (checked for every entity read), and the log permission on the DAG. */
  readLogs(ref: AirflowDagResourceRef, credentials: BackstageCredentials) {
    return this.assertDag(airflowTaskLogReadPermission, ref, credentials);
  }

  /** Every read route asks this first: the caller's answer of the last few seconds is reused. */
  async readEnvironments(credentials: BackstageCredentials): Promise<void> {
    if (!this.recentDecisions) {
      await this.assertBasic(airflowEnvironmentReadPermission, credentials);
      return;
    }
    const decision = await this.recentDecisions.authorizeBasic(
      airflowEnvironmentReadPermission,
      credentials,
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        basicCheck(airflowEnvironmentReadPermission).denied,
      );
    }
  }

  /** Every environment and every DAG (`GET /inventory`): operators and other backend plugins. */
  readInventory(credentials: BackstageCredentials) {
    return this.assertBasic(airflowInventoryReadPermission, credentials);
  }

  /**
   * Whether the caller may read every import error of `environment`
   * (`airflow.environment.importErrors.read` on it); a conditional decision
   * is applied by this plugin's environment rules. A read: the caller's
   * answer of the last few seconds is reused, and applied here to the
   * environment's configured name and tags.
   */
  async mayReadAllImportErrors(
    environment: string,
    credentials: BackstageCredentials,
  ): Promise<boolean> {
    const resource = this.environments.get(environment);
    if (this.recentDecisions && resource) {
      // A caller who may not read them all is shown those of the DAGs whose
      // logs they may read: asked in the same request.
      const reused = await this.recentDecisions.authorizeConditional(
        airflowEnvironmentImportErrorsReadPermission,
        credentials,
        [airflowTaskLogReadPermission],
      );
      const local = decideInProcess(
        reused,
        reused.result === AuthorizeResult.CONDITIONAL &&
          reused.pluginId === 'airflow' &&
          reused.resourceType ===
            airflowEnvironmentImportErrorsReadPermission.resourceType
          ? environmentRuleset
          : undefined,
      )(resource);
      if (local !== undefined) {
        return local;
      }
    }
    const [decision] = await this.permissions.authorize(
      [
        {
          permission: airflowEnvironmentImportErrorsReadPermission,
          resourceRef: environment,
        },
      ],
      { credentials },
    );
    return decision.result === AuthorizeResult.ALLOW;
  }

  /**
   * Which of an environment's DAGs the caller may read the import errors of:
   * those they may read the logs of (`airflow.task.log.read`), since an
   * import error's stack trace shows the same as a task's log does, the
   * DAG's code failing. One decision for all of them.
   */
  importErrorReader(
    environment: string,
    credentials: BackstageCredentials,
  ): (dags: AirflowDag[]) => Promise<boolean[]> {
    return dags =>
      this.decideDagsToRead(
        airflowTaskLogReadPermission,
        dags.map(dag => ({ environment, dagId: dag.dagId, dag })),
        credentials,
      );
  }

  /**
   * Which audit records the caller may read: undefined for all of them, or
   * the criteria of a conditional decision as a tree of `AuditRecordQuery`
   * (allOf/anyOf/not), for the audit store to turn into its query, as the
   * catalog does with its conditions. One request to the permission backend.
   * @throws NotAllowedError when the caller may read none.
   */
  async auditFilter(
    credentials: BackstageCredentials,
  ): Promise<PermissionCriteria<AuditRecordQuery> | undefined> {
    const [decision] = await this.permissions.authorizeConditional(
      [{ permission: airflowAuditReadPermission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.ALLOW) {
      return undefined;
    }
    if (
      decision.result === AuthorizeResult.CONDITIONAL &&
      decision.pluginId === 'airflow' &&
      decision.resourceType === AIRFLOW_AUDIT_RECORD_RESOURCE_TYPE
    ) {
      return this.auditQuery(decision.conditions);
    }
    throw new NotAllowedError(
      `Permission ${airflowAuditReadPermission.name} is required`,
    );
  }
}

function basicCheck(permission: BasicPermission): Check {
  return {
    request: { permission },
    denied: `Permission ${permission.name} is required`,
  };
}

function entityCheck(
  permission: ResourcePermission<'catalog-entity'>,
  entityRef: string,
): Check {
  return {
    request: { permission, resourceRef: entityRef },
    denied: `Permission ${permission.name} on ${entityRef} is required`,
  };
}
