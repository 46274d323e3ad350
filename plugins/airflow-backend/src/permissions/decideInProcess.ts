import {
  AuthorizeResult,
  type PermissionCondition,
  type PermissionCriteria,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  createConditionAuthorizer,
  createConditionTransformer,
  isAndCriteria,
  isNotCriteria,
  isOrCriteria,
  type PermissionRuleset,
} from '@backstage/plugin-permission-node';

/**
 * A decision applied to resources in this process: ALLOW and DENY as they
 * are, a conditional one with `ruleset`. Undefined for a resource when the
 * conditions name a rule not in `ruleset` (the catalog's others, or a
 * module's), or parameters a rule refuses: the plugin that owns the rule
 * decides those, as it always did.
 */
export function decideInProcess<TResource>(
  decision: PolicyDecision,
  ruleset: PermissionRuleset<TResource> | undefined,
): (resource: TResource) => boolean | undefined {
  if (decision.result !== AuthorizeResult.CONDITIONAL) {
    const allowed = decision.result === AuthorizeResult.ALLOW;
    return () => allowed;
  }
  if (
    !ruleset ||
    !knowsEveryRule(decision.conditions, ruleset) ||
    !validParams(decision.conditions, ruleset)
  ) {
    return () => undefined;
  }
  const applyConditions = createConditionAuthorizer(ruleset);
  return resource => {
    try {
      return applyConditions(decision, resource);
    } catch {
      return undefined;
    }
  };
}

/**
 * Whether every condition's parameters suit its rule. The owning plugin
 * refuses the whole decision when one does not, even in a branch that would
 * not be reached; applying here stops at the first branch that decides.
 */
function validParams<TResource>(
  criteria: PermissionCriteria<PermissionCondition<string>>,
  ruleset: PermissionRuleset<TResource>,
): boolean {
  try {
    createConditionTransformer(ruleset)(criteria);
    return true;
  } catch {
    return false;
  }
}

function knowsEveryRule<TResource>(
  criteria: PermissionCriteria<PermissionCondition<string>>,
  ruleset: PermissionRuleset<TResource>,
): boolean {
  if (isAndCriteria(criteria)) {
    return criteria.allOf.every(c => knowsEveryRule(c, ruleset));
  }
  if (isOrCriteria(criteria)) {
    return criteria.anyOf.every(c => knowsEveryRule(c, ruleset));
  }
  if (isNotCriteria(criteria)) {
    return knowsEveryRule(criteria.not, ruleset);
  }
  try {
    ruleset.getRuleByName(criteria.rule);
    return true;
  } catch {
    return false;
  }
}

/** `ruleset`, knowing only the rules named in `names`. */
export function onlyRules<TResource>(
  ruleset: PermissionRuleset<TResource>,
  names: Set<string>,
): PermissionRuleset<TResource> {
  return {
    getRuleByName(name) {
      if (!names.has(name)) {
        throw new Error(`Permission rule '${name}' is not applied here`);
      }
      return ruleset.getRuleByName(name);
    },
  };
}
