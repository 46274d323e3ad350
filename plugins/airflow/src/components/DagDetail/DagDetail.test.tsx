import { fireEvent, screen, waitFor, within } from '@testing-library/react';
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

const failedRun = run('orders_daily_load', 'failed', 30);
const task = {
  environment: 'data-prod',
  dagId: 'orders_daily_load',
  runId: failedRun.runId,
  taskId: 'load',
  mapIndex: -1,
  state: 'failed',
  tryNumber: 2,
  operator: 'PythonOperator',
};

function apiWith(overrides = {}) {
  return fakeAirflowApi({
    getEntityDags: async () => ordersDags,
    getEnvironment: async name => (name === 'data-prod' ? dataProd : legacyEtl),
    listAuditRecords: async () => ({ items: [] }),
    ...overrides,
  });
}

describe('DAG detail', () => {
  it('drills from runs to task instances to a task log with load more and search', async () => {
    const listDagRuns = jest.fn(async () => ({
      items: [failedRun],
      totalEntries: 1,
      offset: 0,
      limit: 10,
    }));
    const getTaskLog = jest.fn(async ({ token }: { token?: string }) =>
      token
        ? {
            lines: [{ message: 'ValueError: bad row' }],
            endOfLog: true,
          }
        : {
            lines: [
              {
                timestamp: '2025-05-30T00:01:00Z',
                level: 'INFO',
                message: 'Loading 10 rows',
              },
            ],
            continuationToken: 'page-2',
            endOfLog: false,
          },
    );
    await renderWithAirflow(<EntityAirflowContent />, {
      api: apiWith({
        listDagRuns,
        listTaskInstances: async () => ({
          items: [task],
          totalEntries: 1,
          offset: 0,
          limit: 100,
        }),
        getTaskLog,
      }),
      entity: ordersService,
    });

    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Details of orders_daily_load',
      }),
    );
    const drawer = await screen.findByRole('region', {
      name: 'DAG orders_daily_load',
    });
    await userEvent.click(
      await within(drawer).findByTestId(`run-${failedRun.runId}`),
    );

    await userEvent.click(
      await within(drawer).findByRole('button', { name: 'Log of load try 2' }),
    );
    const log = await within(drawer).findByLabelText('Task log');
    expect(log).toHaveTextContent('[INFO] Loading 10 rows');
    expect(getTaskLog).toHaveBeenLastCalledWith(
      expect.objectContaining({
        runId: failedRun.runId,
        taskId: 'load',
        tryNumber: 2,
        mapIndex: -1,
      }),
    );

    await userEvent.click(
      within(drawer).getByRole('button', { name: 'Load more' }),
    );
    await waitFor(() => expect(log).toHaveTextContent('ValueError: bad row'));
    expect(getTaskLog).toHaveBeenLastCalledWith(
      expect.objectContaining({ token: 'page-2' }),
    );
    expect(
      within(drawer).queryByRole('button', { name: 'Load more' }),
    ).not.toBeInTheDocument();

    fireEvent.change(within(drawer).getByLabelText('Search log'), {
      target: { value: 'valueerror' },
    });
    expect(
      within(drawer).getByText('1 of 2 lines match · end of log'),
    ).toBeInTheDocument();
    expect(log).not.toHaveTextContent('Loading 10 rows');
  });

  it('asks the runs route for a state and shows its failure with Airflow status', async () => {
    const listDagRuns = jest.fn(async () => {
      throw Object.assign(new Error('Airflow request failed'), {
        name: 'UpstreamError',
      });
    });
    await renderWithAirflow(<EntityAirflowContent />, {
      api: apiWith({ listDagRuns }),
      entity: ordersService,
    });
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Details of orders_daily_load',
      }),
    );
    expect(
      await screen.findByText('Runs could not be read'),
    ).toBeInTheDocument();
    expect(screen.getByText('Airflow request failed')).toBeInTheDocument();

    await userEvent.click(screen.getByLabelText('Run state'));
    await userEvent.click(
      await screen.findByRole('option', { name: 'failed' }),
    );
    await waitFor(() =>
      expect(listDagRuns).toHaveBeenLastCalledWith(
        expect.objectContaining({ state: 'failed', offset: 0, limit: 10 }),
      ),
    );
  });

  it('confirms a pause naming the production environment, then shows the DAG paused', async () => {
    const setDagPaused = jest.fn(async (_ref: unknown, isPaused: boolean) => ({
      ...ordersDags.environments[0].dags[0],
      isPaused,
    }));
    await renderWithAirflow(<EntityAirflowContent />, {
      api: apiWith({ setDagPaused }),
      entity: ordersService,
    });
    const toggle = await screen.findByRole('checkbox', {
      name: 'Pause orders_daily_load',
    });
    await waitFor(() => expect(toggle).toBeEnabled());
    await userEvent.click(toggle);

    const dialog = await screen.findByRole('dialog');
    expect(
      within(dialog).getByText('Pause orders_daily_load in PRODUCTION?'),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByText(
        'Data platform (Airflow 3) (data-prod) is a production environment.',
      ),
    ).toBeInTheDocument();
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Pause in production' }),
    );

    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(setDagPaused).toHaveBeenCalledWith(
      {
        entityRef: 'component:default/orders-service',
        environment: 'data-prod',
        dagId: 'orders_daily_load',
      },
      true,
    );
    expect(
      screen.getByRole('checkbox', { name: 'Unpause orders_daily_load' }),
    ).not.toBeChecked();
  });
});
