import type { Entity } from '@backstage/catalog-model';
import {
  catalogApiRef,
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import type { ReactElement } from 'react';
import { AirflowApi, airflowApiRef } from '../api';

type PermissionOptions = NonNullable<Parameters<typeof mockApis.permission>[0]>;
type Authorize = NonNullable<PermissionOptions['authorize']>;
type Decision = Exclude<Authorize, Function>;
type PermissionRequest = Parameters<Extract<Authorize, Function>>[0];

/** The permission framework's decisions, without depending on its package here. */
export const ALLOW = 'ALLOW' as Decision;
export const DENY = 'DENY' as Decision;

/** Denies the named permissions (e.g. `airflow.dag.trigger`), allows the rest. */
export function denying(...names: string[]) {
  return (request: PermissionRequest) =>
    names.includes(request.permission.name) ? DENY : ALLOW;
}

/**
 * Renders in a test app with the Airflow API, a permission API (allow all by
 * default), a catalog holding `catalogEntities`, and the entity in context.
 */
export async function renderWithAirflow(
  element: ReactElement,
  options: {
    api: AirflowApi;
    entity?: Entity;
    authorize?: Authorize;
    catalogEntities?: Entity[];
    /** The URL the app opens at, e.g. with a query. */
    routeEntries?: string[];
  },
) {
  const content = options.entity ? (
    <EntityProvider entity={options.entity}>{element}</EntityProvider>
  ) : (
    element
  );
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [airflowApiRef, options.api],
        [
          permissionApiRef,
          mockApis.permission({ authorize: options.authorize ?? ALLOW }),
        ],
        [catalogApiRef, catalogApiMock({ entities: options.catalogEntities })],
      ]}
    >
      {content}
    </TestApiProvider>,
    {
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      routeEntries: options.routeEntries,
    },
  );
}
