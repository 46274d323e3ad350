import { airflowDagReadPermission } from '@airflow-portal/plugin-airflow-common';
import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { type Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  type PolicyDecision,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';
import type { PermissionRuleset } from '@backstage/plugin-permission-node';
import { catalogEntityRuleset } from './catalogEntityRules';
import { decideInProcess, onlyRules } from './decideInProcess';
import type { RecentDecisions } from './RecentDecisions';
import { entityRules } from './rules';

/**
 * This plugin's `catalog-entity` rules applied in process: those it defines,
 * which read only `kind`, `metadata.name`/`namespace` and `relations` (what
 * a group page reads of the entities it owns). A rule a module registers
 * besides them is left to the permission backend.
 */
const LOCAL_AIRFLOW_RULES = new Set(entityRules.map(rule => rule.name));

export interface EntityReadsOptions {
  permissions: PermissionsService;
  /**
   * This plugin's registered `catalog-entity` rules, for decisions naming
   * this plugin. Looked up when a decision needs them: the plugin registers
   * them after the service that reads through this is built.
   */
  airflowEntityRules: () => PermissionRuleset<Entity>;
  /**
   * The caller's answers of the last few seconds, reused: every request
   * under an entity asks the same question. Without it, asked each time.
   */
  recentDecisions?: RecentDecisions;
  /**
   * The read permissions an entity request asks after `airflow.dag.read`
   * (the catalog read, who sees a run's conf): asked together with it when
   * none is kept (see RecentDecisions).
   */
  askedWith?: ResourcePermission[];
}

/** One caller's `airflow.dag.read` decision, applied to entities read with their credentials. */
export class EntityReadDecision {
  /** The decision on one entity, or undefined when the permission backend has to make it. */
  private readonly decideHere: (entity: Entity) => boolean | undefined;

  constructor(
    private readonly decision: PolicyDecision,
    /** The rules to apply a conditional decision with; undefined when this plugin cannot. */
    ruleset: PermissionRuleset<Entity> | undefined,
    private readonly askWithRefs: (entityRefs: string[]) => Promise<boolean[]>,
  ) {
    this.decideHere = decideInProcess(decision, ruleset);
  }

  /** Denied whatever the entity: no need to read it. */
  get deniedOutright(): boolean {
    return this.decision.result === AuthorizeResult.DENY;
  }

  /**
   * Whether each entity is allowed, in order. Entities this plugin cannot
   * decide on (conditions with rules it does not have) go to the permission
   * backend together, in one request.
   */
  async mayRead(entities: Entity[]): Promise<boolean[]> {
    const local = entities.map(entity => this.decideHere(entity));
    const open = entities.filter((_, i) => local[i] === undefined);
    const asked = await this.askWithRefs(
      open.map(entity => stringifyEntityRef(entity)),
    );
    let next = 0;
    return local.map(result => result ?? asked[next++]);
  }

  /**
   * `airflow.dag.read` on `entityRef`, or a `NotAllowedError`. `entity` is the
   * entity as the caller read it; when the caller cannot read it the
   * permission backend decides on the ref as before, so that the answer
   * (403, or 404 from the read that follows) does not change.
   */
  async assert(entityRef: string, entity: Entity | undefined): Promise<void> {
    const allowed =
      entity === undefined
        ? this.decideWithoutEntity() ?? (await this.askWithRefs([entityRef]))[0]
        : (await this.mayRead([entity]))[0];
    if (!allowed) {
      throw new NotAllowedError(
        `Permission ${airflowDagReadPermission.name} on ${entityRef} is required`,
      );
    }
  }

  private decideWithoutEntity(): boolean | undefined {
    if (this.decision.result === AuthorizeResult.CONDITIONAL) {
      return undefined;
    }
    return this.decision.result === AuthorizeResult.ALLOW;
  }
}

/**
 * `airflow.dag.read` (a `catalog-entity` permission) decided on entities the
 * caller has read already. One `authorizeConditional` request per caller
 * request at most (none while the caller's answer of the last few seconds
 * is kept, see RecentDecisions); a conditional answer is applied in this process to the entities
 * in hand, with the rules of the plugin it names (the catalog's, or this
 * plugin's). Asking with a resource ref instead would make the permission
 * backend call the plugin back, which reads the entity once more.
 */
export class EntityReads {
  private readonly permissions: PermissionsService;
  private readonly airflowEntityRules: () => PermissionRuleset<Entity>;
  private readonly recentDecisions?: RecentDecisions;
  private readonly askedWith?: ResourcePermission[];

  constructor(options: EntityReadsOptions) {
    this.permissions = options.permissions;
    this.airflowEntityRules = options.airflowEntityRules;
    this.recentDecisions = options.recentDecisions;
    this.askedWith = options.askedWith;
  }

  /** The caller's decision on `airflow.dag.read`, to apply to any number of entities. */
  async decide(credentials: BackstageCredentials): Promise<EntityReadDecision> {
    const decision = this.recentDecisions
      ? await this.recentDecisions.authorizeConditional(
          airflowDagReadPermission,
          credentials,
          this.askedWith,
        )
      : (
          await this.permissions.authorizeConditional(
            [{ permission: airflowDagReadPermission }],
            { credentials },
          )
        )[0];
    return new EntityReadDecision(decision, this.rulesetFor(decision), refs =>
      this.askWithRefs(refs, credentials),
    );
  }

  /** Which entities the caller may see the DAGs of, in order (one decision). */
  async mayRead(
    entities: Entity[],
    credentials: BackstageCredentials,
  ): Promise<boolean[]> {
    if (entities.length === 0) {
      return [];
    }
    return (await this.decide(credentials)).mayRead(entities);
  }

  private rulesetFor(
    decision: PolicyDecision,
  ): PermissionRuleset<Entity> | undefined {
    if (
      decision.result !== AuthorizeResult.CONDITIONAL ||
      decision.resourceType !== airflowDagReadPermission.resourceType
    ) {
      return undefined;
    }
    if (decision.pluginId === 'catalog') {
      return catalogEntityRuleset;
    }
    if (decision.pluginId === 'airflow') {
      return onlyRules(this.airflowEntityRules(), LOCAL_AIRFLOW_RULES);
    }
    return undefined;
  }

  /**
   * The former path, for what cannot be decided here: the permission backend
   * applies the conditions through the plugin that owns them.
   */
  private async askWithRefs(
    entityRefs: string[],
    credentials: BackstageCredentials,
  ): Promise<boolean[]> {
    if (entityRefs.length === 0) {
      return [];
    }
    const decisions = await this.permissions.authorize(
      entityRefs.map(resourceRef => ({
        permission: airflowDagReadPermission,
        resourceRef,
      })),
      { credentials },
    );
    return decisions.map(d => d.result === AuthorizeResult.ALLOW);
  }
}
