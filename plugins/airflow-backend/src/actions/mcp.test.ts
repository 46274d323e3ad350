import type { AirflowAuditRecord } from '@airflow-portal/plugin-airflow-common';
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  type Permission,
} from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import mcpActionsPlugin from '@backstage/plugin-mcp-actions-backend';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { AddressInfo } from 'node:net';
import { FakeAirflowTransport } from '../__testUtils__/FakeAirflowTransport';
import { boundComponent, prodEnvironment } from '../__testUtils__/testBackend';
import { createAirflowPlugin } from '../plugin';

/*
 * The Airflow tools as an assistant reaches them: Backstage's MCP actions
 * backend and the Airflow backend in one backend, an MCP client (the SDK the
 * MCP backend is built on) over its streamable HTTP transport, each call
 * with a user's token. The MCP backend lists the actions of the plugins in
 * `backend.actions.pluginSources` and invokes them through the actions
 * service, on behalf of the user; the Airflow plugin decides and records as
 * for the UI. The audit records are read back through the audit route.
 */

const alice = 'user:default/alice';
const rita = 'user:default/rita';

/** alice may do everything; rita may read but act on no DAG. */
function decide(permission: Permission, credentials: BackstageCredentials) {
  const user = (credentials.principal as { userEntityRef?: string })
    .userEntityRef;
  const allowed =
    user === alice ||
    (user === rita &&
      ![
        'airflow.dag.trigger',
        'airflow.dag.pause',
        'airflow.dag.clear',
      ].includes(permission.name));
  return { result: allowed ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
}

const databases = TestDatabases.create({
  ids: ['SQLITE_3'],
  disableDocker: true,
});

async function startPortalBackend() {
  const airflow = new FakeAirflowTransport('prod', [
    { dagId: 'checkout', tags: [], runs: 1 },
  ]);
  const permissions = mockServices.permissions.mock({
    authorize: async (requests, opts) =>
      requests.map(r => decide(r.permission, opts.credentials)),
    authorizeConditional: async (requests, opts) =>
      requests.map(r => decide(r.permission, opts.credentials)),
  });
  const { server } = await startTestBackend({
    features: [
      createAirflowPlugin({ transportFactory: () => airflow }),
      mcpActionsPlugin,
      mockServices.rootConfig.factory({
        data: {
          airflow: { environments: [prodEnvironment] },
          backend: { actions: { pluginSources: ['airflow'] } },
        },
      }),
      catalogServiceMock.factory({
        entities: [boundComponent('shop', 'prod', 'checkout')],
      }),
      mockServices.database.factory({
        knex: await databases.init('SQLITE_3'),
      }),
      permissions.factory,
    ],
  });
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://localhost:${port}`;
  return { airflow, baseUrl };
}

/** An MCP client of the portal's MCP server, signed in as `userEntityRef`. */
async function mcpClientAs(baseUrl: string, userEntityRef: string) {
  const client = new Client({ name: 'airflow-portal-test', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL('/api/mcp-actions/v1', baseUrl), {
      requestInit: {
        headers: { Authorization: mockCredentials.user.header(userEntityRef) },
      },
    }),
  );
  return client;
}

async function auditRecords(baseUrl: string): Promise<AirflowAuditRecord[]> {
  const response = await fetch(`${baseUrl}/api/airflow/audit`, {
    headers: { Authorization: mockCredentials.user.header(alice) },
  });
  expect(response.status).toBe(200);
  return (await response.json()).items;
}

const TRIGGER_TOOL = 'airflow.trigger-airflow-dag';

const triggerCheckout = (requestId: string) => ({
  name: TRIGGER_TOOL,
  arguments: {
    entityRef: 'component:default/shop',
    environment: 'prod',
    dagId: 'checkout',
    requestId,
  },
});

describe('Airflow tools over MCP', () => {
  it('lists the Airflow tools with honest hints', async () => {
    const { baseUrl } = await startPortalBackend();
    const client = await mcpClientAs(baseUrl, rita);

    const { tools } = await client.listTools();
    await client.close();

    const byName = new Map(tools.map(tool => [tool.name, tool]));
    expect([...byName.keys()].sort()).toEqual([
      'airflow.clear-airflow-dag-run',
      'airflow.get-airflow-dag-runs',
      'airflow.get-airflow-task-log',
      'airflow.list-airflow-dags',
      'airflow.pause-airflow-dag',
      'airflow.trigger-airflow-dag',
      'airflow.unpause-airflow-dag',
    ]);
    expect(byName.get('airflow.list-airflow-dags')?.annotations).toMatchObject({
      readOnlyHint: true,
      destructiveHint: false,
    });
    expect(byName.get(TRIGGER_TOOL)?.annotations).toMatchObject({
      readOnlyHint: false,
      destructiveHint: true,
      idempotentHint: true,
    });
  });

  it("triggers for a user who may, refuses one who may not, and records both under the user's name", async () => {
    const { airflow, baseUrl } = await startPortalBackend();

    const allowedClient = await mcpClientAs(baseUrl, alice);
    const allowed = (await allowedClient.callTool(
      triggerCheckout('mcp-1'),
    )) as CallToolResult;
    await allowedClient.close();

    const deniedClient = await mcpClientAs(baseUrl, rita);
    const denied = (await deniedClient.callTool(
      triggerCheckout('mcp-2'),
    )) as CallToolResult;
    await deniedClient.close();

    expect(allowed.isError).toBeFalsy();
    const { run } = allowed.structuredContent as { run: { runId: string } };
    expect(allowed.structuredContent).toMatchObject({
      environment: 'prod',
      dagId: 'checkout',
      run: { state: 'queued' },
    });
    expect(airflow.runs.has(run.runId)).toBe(true);

    expect(denied.isError).toBe(true);
    expect(denied.content).toEqual([
      {
        type: 'text',
        text: expect.stringMatching(
          /^NotAllowedError: .*airflow\.dag\.trigger.*checkout/,
        ),
      },
    ]);
    // Only alice's trigger reached Airflow.
    expect(airflow.triggered).toBe(1);

    const records = await auditRecords(baseUrl);
    expect(records).toHaveLength(2);
    expect(records).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          actor: alice,
          action: 'dag.trigger',
          outcome: 'succeeded',
          dagId: 'checkout',
          runId: run.runId,
          requestId: 'mcp-1',
        }),
        expect.objectContaining({
          actor: rita,
          action: 'dag.trigger',
          outcome: 'denied',
          dagId: 'checkout',
          requestId: 'mcp-2',
        }),
      ]),
    );
  });
});
