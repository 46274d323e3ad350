import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import { AirflowAuthorizer } from './AirflowAuthorizer';
import { RecentDecisions } from './RecentDecisions';
import { dagRules, rulesetOf } from './rules';

const alice = mockCredentials.user('user:default/alice');

const environmentCondition = (
  rule: string,
  params: Record<string, unknown>,
  pluginId = 'airflow',
): PolicyDecision => ({
  result: AuthorizeResult.CONDITIONAL,
  pluginId,
  resourceType: 'airflow-environment',
  conditions: {
    rule,
    resourceType: 'airflow-environment',
    params: params as any,
  },
});

function setup(decision: PolicyDecision) {
  const calls = { authorize: 0, authorizeConditional: 0 };
  const permissions = mockServices.permissions.mock({
    authorize: async requests => {
      calls.authorize += 1;
      return requests.map(() => ({
        result:
          decision.result === AuthorizeResult.CONDITIONAL
            ? AuthorizeResult.DENY
            : decision.result,
      }));
    },
    authorizeConditional: async requests => {
      calls.authorizeConditional += 1;
      return requests.map(() => decision);
    },
  });
  const authorizer = new AirflowAuthorizer({
    permissions,
    dagRuleset: rulesetOf(dagRules),
    dagResources: { load: async () => undefined },
    recentDecisions: new RecentDecisions({ permissions }),
    environments: [
      { name: 'prod', tags: ['production'] },
      { name: 'staging', tags: ['staging'] },
    ],
  });
  return { authorizer, calls };
}

describe('AirflowAuthorizer, reads decided from the caller’s recent answers', () => {
  it('asks once for airflow.environment.read, then reuses the answer', async () => {
    const { authorizer, calls } = setup({ result: AuthorizeResult.ALLOW });

    await authorizer.readEnvironments(alice);
    await authorizer.readEnvironments(alice);

    expect(calls).toEqual({ authorize: 1, authorizeConditional: 0 });
  });

  it('refuses airflow.environment.read with the same message as before', async () => {
    const { authorizer } = setup({ result: AuthorizeResult.DENY });

    await expect(authorizer.readEnvironments(alice)).rejects.toThrow(
      'Permission airflow.environment.read is required',
    );
  });

  it('applies a condition on environments here, one question for all of them', async () => {
    const { authorizer, calls } = setup(
      environmentCondition('HAS_ENVIRONMENT_TAG', { tags: ['Production'] }),
    );

    expect(await authorizer.mayReadAllImportErrors('prod', alice)).toBe(true);
    expect(await authorizer.mayReadAllImportErrors('staging', alice)).toBe(
      false,
    );
    expect(calls).toEqual({ authorize: 0, authorizeConditional: 1 });
  });

  it('leaves a rule it does not have to the permission backend', async () => {
    const { authorizer, calls } = setup(
      environmentCondition('SOME_MODULE_RULE', { x: 1 }),
    );

    expect(await authorizer.mayReadAllImportErrors('prod', alice)).toBe(false);
    expect(calls).toEqual({ authorize: 1, authorizeConditional: 1 });
  });

  it('asks the permission backend about an environment it was not given', async () => {
    const { authorizer, calls } = setup({ result: AuthorizeResult.ALLOW });

    expect(await authorizer.mayReadAllImportErrors('elsewhere', alice)).toBe(
      true,
    );
    expect(calls).toEqual({ authorize: 1, authorizeConditional: 0 });
  });
});
