import { airflowPermissions } from '@airflow-portal/plugin-airflow-common';
import type { Permission } from '@backstage/plugin-permission-common';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import request from 'supertest';
import {
  prodEnvironment,
  startAirflowTestBackend,
} from '../__testUtils__/testBackend';

/*
 * Every permission of airflow-common (`airflowPermissions`), a new one
 * included, is registered with the permissions registry, so the permission
 * backend and policy tools know it (the plugin's permission metadata, as the
 * RBAC plugin reads it), each resource permission with its resource type;
 * and the demo RBAC policy (rbac/rbac-policy.csv) grants every one to the
 * operators of every environment (airflow-platform), with the action
 * policies see.
 */

jest.setTimeout(60_000);

type Registered = { name: string; resourceType?: string };

const policyLines = readFileSync(
  resolve(__dirname, '../../../../rbac/rbac-policy.csv'),
  'utf8',
)
  .split('\n')
  .map(line => line.split(',').map(cell => cell.trim()));

/** What the RBAC plugin names a permission's action: `use` when it has none. */
const actionOf = (permission: Permission) =>
  permission.attributes.action ?? 'use';

describe('airflow-common’s permissions', () => {
  it('are all registered with the permissions registry, with their resource types', async () => {
    const backend = await startAirflowTestBackend({
      environments: [prodEnvironment],
      entities: [],
    });
    try {
      const res = await request(backend.server).get(
        '/api/airflow/.well-known/backstage/permissions/metadata',
      );
      expect(res.status).toBe(200);
      const registered = (res.body.permissions as Registered[]).map(p => ({
        name: p.name,
        resourceType: p.resourceType,
      }));
      expect(registered).toEqual(
        expect.arrayContaining(
          airflowPermissions.map(p => ({
            name: p.name,
            resourceType: p.type === 'resource' ? p.resourceType : undefined,
          })),
        ),
      );
    } finally {
      await backend.stop();
    }
  });

  it.each(airflowPermissions.map(p => [p.name, p] as const))(
    '%s is granted to the operators in the demo RBAC policy',
    (name, permission) => {
      expect(policyLines).toContainEqual([
        'p',
        'role:default/airflow-platform',
        name,
        actionOf(permission),
        'allow',
      ]);
    },
  );
});
