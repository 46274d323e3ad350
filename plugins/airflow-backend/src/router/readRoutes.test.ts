import { mockCredentials } from '@backstage/backend-test-utils';
import type { EntityDagsResponse } from '@airflow-portal/plugin-airflow-common';
import type { AirflowAuthorizer } from '../permissions/AirflowAuthorizer';
import { scopeMissingDagImportErrors } from './readRoutes';

const importError = { id: 1, filename: 'dags/a.py', stackTrace: 'boom' };

const response: EntityDagsResponse = {
  entityRef: 'component:default/shop',
  environments: [
    {
      environment: 'prod',
      dags: [],
      missingDags: ['a', 'b'].map(dagId => ({
        dagId,
        environment: 'prod',
        boundEntityRefs: ['component:default/shop'],
        importErrors: [{ ...importError, filename: `dags/${dagId}.py` }],
      })),
    },
  ],
};

function authorizer(options: { mayReadAll: boolean; logReadable: string[] }): {
  authorizer: AirflowAuthorizer;
  decided: string[][];
} {
  const decided: string[][] = [];
  const fake = {
    mayReadAllImportErrors: async () => options.mayReadAll,
    decideDags: async (_permission: unknown, refs: { dagId: string }[]) => {
      decided.push(refs.map(r => r.dagId));
      return refs.map(r => options.logReadable.includes(r.dagId));
    },
  };
  return { authorizer: fake as unknown as AirflowAuthorizer, decided };
}

describe('import errors of missing DAGs', () => {
  const credentials = mockCredentials.user();

  it('are all shown to who may read every import error of the environment', async () => {
    const { authorizer: all, decided } = authorizer({
      mayReadAll: true,
      logReadable: [],
    });
    await expect(
      scopeMissingDagImportErrors(response, all, credentials),
    ).resolves.toEqual(response);
    expect(decided).toEqual([]);
  });

  it('are shown for the DAGs whose logs the caller may read, and hidden for the others', async () => {
    const { authorizer: some, decided } = authorizer({
      mayReadAll: false,
      logReadable: ['a'],
    });
    const scoped = await scopeMissingDagImportErrors(
      response,
      some,
      credentials,
    );
    expect(decided).toEqual([['a', 'b']]);
    expect(scoped.environments[0].missingDags).toEqual([
      response.environments[0].missingDags![0],
      {
        ...response.environments[0].missingDags![1],
        importErrors: [],
        importErrorsHidden: true,
      },
    ]);
  });
});
