import { registeredRoutes } from '../__testUtils__/expressRoutes';
import { specOperations } from '../__testUtils__/openApiOperations';
import { createRouter } from '../router';

/*
 * The spec describes exactly the routes the router serves: a route added to
 * one and not the other fails here, before it can escape the walks built from
 * the spec (authentication, permissions).
 */
describe('openapi.yaml and the router', () => {
  it('have the same routes', async () => {
    // Only the route table is read: no handler runs, so no service is needed.
    const router = await createRouter(
      {} as unknown as Parameters<typeof createRouter>[0],
    );

    const fromSpec = specOperations()
      .map(op => ({ method: op.method.toUpperCase(), path: op.expressPath }))
      .sort(
        (a, b) =>
          a.path.localeCompare(b.path) || a.method.localeCompare(b.method),
      );

    expect(registeredRoutes(router)).toEqual(fromSpec);
  });
});
