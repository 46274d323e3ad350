import { registeredRoutes } from '../__testUtils__/expressRoutes';
import { specOperations } from '../__testUtils__/openApiOperations';
import { createRouter } from '../router/createRouter';

/*
 * The spec describes exactly the routes the router serves: a route added to
 * one and not the other fails here, before it can escape the walks built from
 * the spec (authentication, permissions, audit).
 */
describe('openapi.yaml and the router', () => {
  it('have the same routes, besides the spec itself', async () => {
    // Only the route table is read: no handler runs, so no service is needed.
    const router = await createRouter(
      {} as unknown as Parameters<typeof createRouter>[0],
    );

    const fromSpec = specOperations().map(op => ({
      method: op.method.toUpperCase(),
      path: op.expressPath,
    }));
    // The generated router serves its spec at `GET /openapi.json`.
    const served = [...fromSpec, { method: 'GET', path: '/openapi.json' }];

    expect(registeredRoutes(router)).toEqual(
      served.sort(
        (a, b) =>
          a.path.localeCompare(b.path) || a.method.localeCompare(b.method),
      ),
    );
  });
});
