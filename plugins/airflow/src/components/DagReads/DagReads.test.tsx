import { ResponseError } from '@backstage/errors';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { EntityAirflowContent } from '../EntityAirflowContent';
import { fakeAirflowApi } from '../../testing/fakeAirflowApi';
import {
  dataProd,
  legacyEtl,
  ordersDags,
  ordersService,
  run,
} from '../../testing/fixtures';
import { renderWithAirflow } from '../../__testUtils__/renderWithAirflow';
import type { AirflowApi } from '../../api';

const older = run('orders_daily_load', 'failed', 30);
const newer = {
  ...run('orders_daily_load', 'success', 31),
  dagVersions: [{ versionNumber: 3 }],
};
const ti = (runId: string, taskId: string, state: string | null) => ({
  environment: 'data-prod',
  dagId: 'orders_daily_load',
  runId,
  taskId,
  mapIndex: -1,
  state,
  tryNumber: state ? 1 : 0,
});

function apiWith(overrides: Partial<AirflowApi> = {}) {
  return fakeAirflowApi({
    getEntityDags: async () => ordersDags,
    getEnvironment: async name => (name === 'data-prod' ? dataProd : legacyEtl),
    listAuditRecords: async () => ({ items: [] }),
    listDagRuns: async () => ({
      items: [newer, older],
      totalEntries: 2,
      offset: 0,
      limit: 10,
    }),
    listDagVersions: async () => ({
      supported: true,
      items: [{ versionNumber: 3, createdAt: '2025-05-29T08:00:00Z' }],
      totalEntries: 3,
    }),
    ...overrides,
  });
}

async function openDrawer(api: AirflowApi) {
  await renderWithAirflow(<EntityAirflowContent />, {
    api,
    entity: ordersService,
  });
  await userEvent.click(
    await screen.findByRole('button', { name: 'Details of orders_daily_load' }),
  );
  return screen.findByRole('region', { name: 'DAG orders_daily_load' });
}

describe('the reads of the DAG drawer', () => {
  it('shows the grid of runs × tasks with each state, oldest run first, and opens a cell', async () => {
    const getDagGrid = jest.fn(async () => ({
      runs: [newer, older],
      taskInstances: [
        ti(newer.runId, 'extract', 'success'),
        ti(newer.runId, 'load', 'success'),
        ti(older.runId, 'extract', 'success'),
        ti(older.runId, 'load', 'failed'),
      ],
    }));
    const listTaskInstances = jest.fn(async () => ({
      items: [ti(older.runId, 'load', 'failed')],
      totalEntries: 1,
      offset: 0,
      limit: 100,
    }));
    const getTaskLog = jest.fn(async () => ({
      lines: [{ message: 'boom' }],
      endOfLog: true,
    }));
    const drawer = await openDrawer(
      apiWith({ getDagGrid, listTaskInstances, getTaskLog }),
    );
    await userEvent.click(within(drawer).getByRole('tab', { name: 'Grid' }));
    const grid = await within(drawer).findByRole('table', {
      name: 'Grid of runs and tasks',
    });
    expect(getDagGrid).toHaveBeenCalledWith(
      expect.objectContaining({ dagId: 'orders_daily_load' }),
      10,
    );
    const failedCell = within(grid).getByRole('button', {
      name: `load in ${older.runId}: failed`,
    });
    expect(failedCell).toHaveAttribute('data-state', 'failed');
    expect(
      within(grid).getByRole('button', {
        name: `load in ${newer.runId}: success`,
      }),
    ).toHaveAttribute('data-state', 'success');
    // The version each run used, under its column.
    expect(within(grid).getByText('v3')).toBeInTheDocument();
    // Oldest left: the failed run's mark comes before the successful one's.
    const marks = within(grid)
      .getAllByLabelText(/ run scheduled__/)
      .map(mark => mark.getAttribute('data-state'));
    expect(marks).toEqual(['failed', 'success']);

    await userEvent.click(failedCell);
    expect(await within(drawer).findByText('boom')).toBeInTheDocument();
    expect(getTaskLog).toHaveBeenCalledWith(
      expect.objectContaining({
        runId: older.runId,
        taskId: 'load',
        tryNumber: 1,
      }),
    );
  });

  it('shows the DAG version and when it last changed', async () => {
    const drawer = await openDrawer(apiWith());
    expect(
      await within(drawer).findByLabelText('DAG version'),
    ).toHaveTextContent(/Version 3 of 3 · last changed/);
  });

  it('hides the version on Airflow 2', async () => {
    const listDagVersions = jest.fn(async () => ({
      supported: false,
      reason: 'DAG versions are not supported by Airflow 2',
      items: [],
      totalEntries: 0,
    }));
    const drawer = await openDrawer(apiWith({ listDagVersions }));
    await within(drawer).findByRole('tab', { name: 'Grid' });
    expect(listDagVersions).toHaveBeenCalled();
    expect(within(drawer).queryByLabelText('DAG version')).toBeNull();
  });

  it("lists Airflow's event log with the Airflow user", async () => {
    const listDagEventLog = jest.fn(async () => ({
      items: [
        {
          id: 7,
          when: '2025-05-31T10:00:00Z',
          event: 'patch_dag',
          owner: 'airflow-admin',
          dagId: 'orders_daily_load',
          extra: '{"is_paused": true}',
        },
      ],
      totalEntries: 1,
      offset: 0,
      limit: 25,
    }));
    const drawer = await openDrawer(apiWith({ listDagEventLog }));
    await userEvent.click(
      within(drawer).getByRole('tab', { name: 'Airflow event log' }),
    );
    const table = await within(drawer).findByRole('table', {
      name: 'Airflow event log',
    });
    expect(within(table).getByText('patch_dag')).toBeInTheDocument();
    expect(within(table).getByText('airflow-admin')).toBeInTheDocument();
    expect(within(table).getByText('{"is_paused": true}')).toBeInTheDocument();
  });

  it('explains a refused event log', async () => {
    const refused = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: { name: 'NotAllowedError', message: 'no' },
          request: { method: 'GET', url: '/x' },
          response: { statusCode: 403 },
        }),
        { status: 403, headers: { 'Content-Type': 'application/json' } },
      ) as any,
    );
    const drawer = await openDrawer(
      apiWith({ listDagEventLog: async () => Promise.reject(refused) }),
    );
    await userEvent.click(
      within(drawer).getByRole('tab', { name: 'Airflow event log' }),
    );
    expect(
      await within(drawer).findByText(/airflow\.dag\.eventlog\.read/),
    ).toBeInTheDocument();
  });
});

describe('deployment checks on the entity tab', () => {
  it('marks a bound DAG that Airflow does not list as missing, with its import error', async () => {
    const withMissing = {
      ...ordersDags,
      environments: [
        {
          ...ordersDags.environments[0],
          missingDags: [
            {
              dagId: 'orders_archive',
              environment: 'data-prod',
              boundEntityRefs: ['component:default/orders-service'],
              importErrors: [
                {
                  id: 4,
                  filename: 'dags/orders_archive.py',
                  stackTrace: "ModuleNotFoundError: No module named 'boto'",
                },
              ],
            },
            {
              dagId: 'orders_purge',
              environment: 'data-prod',
              boundEntityRefs: ['component:default/orders-service'],
              importErrors: [],
              importErrorsHidden: true,
            },
          ],
        },
        ordersDags.environments[1],
      ],
    };
    await renderWithAirflow(<EntityAirflowContent />, {
      api: apiWith({ getEntityDags: async () => withMissing }),
      entity: ordersService,
    });
    const alert = await screen.findByRole('alert', { name: 'Missing DAGs' });
    expect(alert).toHaveTextContent('2 bound DAGs are missing in Airflow');
    expect(within(alert).getAllByText('missing')).toHaveLength(2);
    expect(within(alert).getByText('orders_archive')).toBeInTheDocument();
    expect(
      within(alert).getByText('dags/orders_archive.py'),
    ).toBeInTheDocument();
    expect(
      within(alert).getByText(/No module named 'boto'/),
    ).toBeInTheDocument();
    expect(within(alert).getByText(/reading them needs/)).toBeInTheDocument();
  });
});
