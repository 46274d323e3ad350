import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import { unavailableOnFailure } from './unavailableOnFailure';

const permission = createPermission({
  name: 'airflow.test.read',
  attributes: { action: 'read' },
});
const resourcePermission = createPermission({
  name: 'airflow.test.dag.read',
  attributes: { action: 'read' },
  resourceType: 'airflow-dag',
});
const options = { credentials: mockCredentials.user() };

describe('unavailableOnFailure', () => {
  it('passes decisions through', async () => {
    const permissions = unavailableOnFailure(
      mockServices.permissions.mock({
        authorize: async () => [{ result: AuthorizeResult.DENY }],
        authorizeConditional: async () => [{ result: AuthorizeResult.ALLOW }],
      }),
    );
    await expect(
      permissions.authorize([{ permission }], options),
    ).resolves.toEqual([{ result: AuthorizeResult.DENY }]);
    await expect(
      permissions.authorizeConditional(
        [{ permission: resourcePermission }],
        options,
      ),
    ).resolves.toEqual([{ result: AuthorizeResult.ALLOW }]);
  });

  it('turns a check that could not be made into a 503', async () => {
    const failure = new Error('Request failed with 500 Internal Server Error');
    const permissions = unavailableOnFailure(
      mockServices.permissions.mock({
        authorize: async () => {
          throw failure;
        },
        authorizeConditional: async () => {
          throw failure;
        },
      }),
    );
    for (const check of [
      permissions.authorize([{ permission }], options),
      permissions.authorizeConditional(
        [{ permission: resourcePermission }],
        options,
      ),
    ]) {
      await expect(check).rejects.toMatchObject({
        name: 'ServiceUnavailableError',
        message: expect.stringContaining('could not be made'),
        cause: failure,
      });
    }
  });
});
