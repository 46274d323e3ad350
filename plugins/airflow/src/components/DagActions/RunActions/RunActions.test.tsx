import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { EntityAirflowContent } from '../../EntityAirflowContent';
import { fakeAirflowApi } from '../../../testing/fakeAirflowApi';
import {
  dataProd,
  legacyEtl,
  ordersDags,
  ordersService,
  run,
} from '../../../testing/fixtures';
import {
  denying,
  renderWithAirflow,
} from '../../../__testUtils__/renderWithAirflow';

const failedRun = run('orders_daily_load', 'failed', 30);
const taskOf = (taskId: string, state: string) => ({
  environment: 'data-prod',
  dagId: 'orders_daily_load',
  runId: failedRun.runId,
  taskId,
  mapIndex: -1,
  state,
  tryNumber: 1,
});
const tasks = [taskOf('extract', 'success'), taskOf('load', 'failed')];
const target = {
  environment: 'data-prod',
  dagId: 'orders_daily_load',
  runId: failedRun.runId,
};

function apiWith(overrides = {}) {
  return fakeAirflowApi({
    getEntityDags: async () => ordersDags,
    getEnvironment: async name => (name === 'data-prod' ? dataProd : legacyEtl),
    listAuditRecords: async () => ({ items: [] }),
    listDagRuns: async () => ({
      items: [failedRun],
      totalEntries: 1,
      offset: 0,
      limit: 10,
    }),
    listTaskInstances: async () => ({
      items: tasks,
      totalEntries: tasks.length,
      offset: 0,
      limit: 100,
    }),
    ...overrides,
  });
}

/** Opens the drawer of orders_daily_load at its failed run. */
async function openFailedRun() {
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
  return drawer;
}

describe('run actions in the DAG drawer', () => {
  it('retries the failed task instances after showing the dry run, with one requestId', async () => {
    const previewClearTaskInstances = jest.fn(async () => ({
      ...target,
      taskInstances: [
        { taskId: 'load', runId: failedRun.runId, state: 'failed' },
      ],
    }));
    const clearTaskInstances = jest.fn(async () => ({
      ...target,
      taskInstances: [{ taskId: 'load', runId: failedRun.runId }],
      run: { ...failedRun, state: 'queued' as const },
      deduplicated: false,
    }));
    await renderWithAirflow(<EntityAirflowContent />, {
      api: apiWith({ previewClearTaskInstances, clearTaskInstances }),
      entity: ordersService,
    });
    const drawer = await openFailedRun();

    await userEvent.click(
      await within(drawer).findByRole('button', { name: 'Retry failed' }),
    );
    const dialog = await screen.findByRole('dialog');
    const list = await within(dialog).findByRole('list', {
      name: 'Task instances that will run again',
    });
    expect(within(list).getByText('load')).toBeInTheDocument();
    expect(previewClearTaskInstances).toHaveBeenCalledWith(
      expect.objectContaining({ runId: failedRun.runId }),
      { onlyFailed: true },
    );

    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Retry failed' }),
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(clearTaskInstances).toHaveBeenCalledWith(
      expect.objectContaining({ runId: failedRun.runId }),
      { onlyFailed: true, requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) },
    );
  });

  it('keeps the requestId when a failed confirmation is retried', async () => {
    const markDagRun = jest
      .fn()
      .mockRejectedValueOnce(new Error('Airflow did not answer'))
      .mockResolvedValueOnce({
        ...target,
        taskInstances: [],
        run: { ...failedRun, state: 'success' },
        deduplicated: false,
      });
    await renderWithAirflow(<EntityAirflowContent />, {
      api: apiWith({
        previewMarkDagRun: async () => ({
          ...target,
          taskInstances: [],
          run: failedRun,
        }),
        markDagRun,
      }),
      entity: ordersService,
    });
    const drawer = await openFailedRun();
    await userEvent.click(
      await within(within(drawer).getByRole('toolbar')).findByRole('button', {
        name: 'Mark success',
      }),
    );
    const dialog = await screen.findByRole('dialog');
    const confirm = await within(dialog).findByRole('button', {
      name: 'Mark success',
    });
    await waitFor(() => expect(confirm).toBeEnabled());
    await userEvent.click(confirm);
    expect(
      await within(dialog).findByText('Mark success failed'),
    ).toBeInTheDocument();
    await userEvent.click(confirm);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const [first, second] = markDagRun.mock.calls.map(call => call[1]);
    expect(first).toEqual({ state: 'success', requestId: expect.any(String) });
    expect(second.requestId).toBe(first.requestId);
  });

  it('saves the note of a task instance', async () => {
    const setTaskInstanceNote = jest.fn(async () => ({
      ...target,
      taskInstances: [{ taskId: 'load', runId: failedRun.runId }],
      deduplicated: false,
    }));
    await renderWithAirflow(<EntityAirflowContent />, {
      api: apiWith({ setTaskInstanceNote }),
      entity: ordersService,
    });
    const drawer = await openFailedRun();
    const row = await within(drawer).findByLabelText('Actions of load');
    await userEvent.click(within(row).getByRole('button', { name: 'Note' }));
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(within(dialog).getByLabelText('Note'), 'flaky source');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Save note' }),
    );
    await waitFor(() =>
      expect(setTaskInstanceNote).toHaveBeenCalledWith(
        expect.objectContaining({ taskId: 'load', runId: failedRun.runId }),
        { note: 'flaky source', requestId: expect.any(String) },
      ),
    );
  });

  it('shows readers every control disabled with the reason', async () => {
    await renderWithAirflow(<EntityAirflowContent />, {
      api: apiWith(),
      entity: ordersService,
      authorize: denying(
        'airflow.dag.clear',
        'airflow.dag.run.mark',
        'airflow.dag.note',
      ),
    });
    const drawer = await openFailedRun();
    const toolbar = within(drawer).getByRole('toolbar');
    const retry = await within(toolbar).findByRole('button', {
      name: 'Retry failed',
    });
    await waitFor(() => expect(retry).toBeDisabled());
    for (const name of ['Retry failed', 'Clear run', 'Mark success', 'Note']) {
      expect(within(toolbar).getByRole('button', { name })).toBeDisabled();
    }
    expect(
      toolbar.querySelector(
        '[data-disabled-reason="You may not clear or retry runs of orders_daily_load in data-prod"]',
      ),
    ).not.toBeNull();
    const row = within(drawer).getByLabelText('Actions of load');
    expect(within(row).getByRole('button', { name: 'Clear' })).toBeDisabled();
    expect(
      row.querySelector(
        '[data-disabled-reason="You may not edit notes of orders_daily_load in data-prod"]',
      ),
    ).not.toBeNull();
  });
});
