import type {
  AirflowBackfill,
  BackfillSpec,
} from '@airflow-portal/plugin-airflow-common';
import { ResponseError } from '@backstage/errors';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { AirflowApi, AirflowEntityDagRef } from '../../api';
import type { ActionDecision } from '../DagActions/useDagActionPermissions';
import { renderWithAirflow } from '../../__testUtils__/renderWithAirflow';
import { fakeAirflowApi } from '../../testing/fakeAirflowApi';
import { BackfillsPanel } from './BackfillsPanel';

const dagRef: AirflowEntityDagRef = {
  entityRef: 'component:default/orders-service',
  environment: 'data-prod',
  dagId: 'orders_daily_load',
};

const backfill = (
  id: number,
  overrides: Partial<AirflowBackfill> = {},
): AirflowBackfill => ({
  id,
  environment: 'data-prod',
  dagId: 'orders_daily_load',
  fromDate: '2026-11-01T00:00:00Z',
  toDate: '2026-11-03T00:00:00Z',
  isPaused: false,
  reprocessBehavior: 'none',
  maxActiveRuns: 10,
  createdAt: '2026-11-20T08:00:00Z',
  ...overrides,
});

const page = (items: AirflowBackfill[]) => ({
  items,
  totalEntries: items.length,
  offset: 0,
  limit: 25,
});

const ALLOWED: ActionDecision = { allowed: true };

/** A 4xx/5xx from the backend as the client throws it. */
async function backendError(status: number, message: string) {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name: 'Error', message },
        request: { method: 'GET', url: '/backfills' },
        response: { statusCode: status },
      }),
      { status, headers: { 'Content-Type': 'application/json' } },
    ) as any,
  );
}

/** The preview answers one run per day of the spec's range. */
const previewOfDays = async (_dag: AirflowEntityDagRef, spec: BackfillSpec) => {
  const runs = [];
  for (
    let day = Date.parse(spec.fromDate);
    day <= Date.parse(spec.toDate);
    day += 86_400_000
  ) {
    runs.push({ logicalDate: new Date(day).toISOString() });
  }
  return { runs, totalEntries: runs.length };
};

function render(api: AirflowApi, decision = ALLOWED, onChanged = jest.fn()) {
  return renderWithAirflow(
    <BackfillsPanel
      dagRef={dagRef}
      decision={decision}
      onChanged={onChanged}
    />,
    { api },
  );
}

async function fillRange(from: string, to: string) {
  fireEvent.change(screen.getByLabelText('From (UTC)'), {
    target: { value: from },
  });
  fireEvent.change(screen.getByLabelText('To (UTC)'), {
    target: { value: to },
  });
}

describe('BackfillsPanel', () => {
  it('creates a backfill only after Airflow previewed the runs it creates', async () => {
    let created: AirflowBackfill | undefined;
    const previewBackfill = jest.fn(previewOfDays);
    const createBackfill = jest.fn(
      async (_dag: AirflowEntityDagRef, request: BackfillSpec) => {
        created = backfill(7, {
          fromDate: request.fromDate,
          toDate: request.toDate,
        });
        return created;
      },
    );
    const api = fakeAirflowApi({
      listBackfills: async () => page(created ? [created] : []),
      previewBackfill,
      createBackfill,
    });
    const onChanged = jest.fn();
    await render(api, ALLOWED, onChanged);

    expect(
      await screen.findByText('No backfill of this DAG yet.'),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'New backfill' }));
    const dialog = await screen.findByRole('dialog');
    const create = within(dialog).getByRole('button', {
      name: 'Create backfill',
    });
    expect(create).toBeDisabled();
    expect(previewBackfill).not.toHaveBeenCalled();

    await fillRange('2026-11-01', '2026-11-03');
    const runs = await within(dialog).findByRole('list', {
      name: 'Runs this backfill will create',
    });
    expect(within(runs).getAllByRole('listitem')).toHaveLength(3);
    expect(dialog).toHaveTextContent('Runs this backfill will create: 3');
    await waitFor(() => expect(create).toBeEnabled());

    await userEvent.click(create);
    await waitFor(() => expect(onChanged).toHaveBeenCalledTimes(1));
    const expectedSpec = {
      fromDate: '2026-11-01T00:00:00Z',
      toDate: '2026-11-03T00:00:00Z',
      reprocessBehavior: 'none',
      maxActiveRuns: 10,
      runBackwards: false,
    };
    expect(previewBackfill).toHaveBeenLastCalledWith(dagRef, expectedSpec);
    expect(createBackfill).toHaveBeenCalledWith(dagRef, {
      ...expectedSpec,
      requestId: expect.any(String),
    });
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(
      await screen.findByRole('table', { name: 'Backfills' }),
    ).toHaveTextContent('running');
  });

  it('says why the range is not ready and never previews a reversed range', async () => {
    const previewBackfill = jest.fn(previewOfDays);
    const api = fakeAirflowApi({
      listBackfills: async () => page([]),
      previewBackfill,
    });
    await render(api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'New backfill' }),
    );
    const dialog = await screen.findByRole('dialog');
    await fillRange('2026-11-05', '2026-11-03');
    expect(dialog).toHaveTextContent('The first day comes after the last day.');
    expect(previewBackfill).not.toHaveBeenCalled();
    expect(
      within(dialog).getByRole('button', { name: 'Create backfill' }),
    ).toBeDisabled();
  });

  it('shows a failed preview and keeps Create disabled', async () => {
    const error = await backendError(409, 'A backfill of this DAG is running');
    const api = fakeAirflowApi({
      listBackfills: async () => page([]),
      previewBackfill: async () => Promise.reject(error),
    });
    await render(api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'New backfill' }),
    );
    const dialog = await screen.findByRole('dialog');
    await fillRange('2026-11-01', '2026-11-03');
    expect(
      await within(dialog).findByText(/A backfill of this DAG is running/),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByRole('button', { name: 'Create backfill' }),
    ).toBeDisabled();
  });

  it('shows a failed creation in the dialog and retries with the same request id', async () => {
    const error = await backendError(502, 'Airflow did not answer');
    const createBackfill = jest.fn(async () => Promise.reject(error));
    const api = fakeAirflowApi({
      listBackfills: async () => page([]),
      previewBackfill: previewOfDays,
      createBackfill,
    });
    await render(api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'New backfill' }),
    );
    const dialog = await screen.findByRole('dialog');
    await fillRange('2026-11-01', '2026-11-01');
    const create = within(dialog).getByRole('button', {
      name: 'Create backfill',
    });
    await waitFor(() => expect(create).toBeEnabled());
    await userEvent.click(create);
    expect(
      await within(dialog).findByText(/The backfill could not be created/),
    ).toBeInTheDocument();
    await waitFor(() => expect(create).toBeEnabled());
    await userEvent.click(create);
    await waitFor(() => expect(createBackfill).toHaveBeenCalledTimes(2));
    const ids = createBackfill.mock.calls.map(
      call => (call as unknown[])[1] as { requestId: string },
    );
    expect(ids[1].requestId).toBe(ids[0].requestId);
  });

  it('pauses a running backfill and cancels it after a confirmation', async () => {
    let current = backfill(3);
    const changeBackfill = jest.fn(
      async (_dag: AirflowEntityDagRef, _id: number, action: string) => {
        current =
          action === 'cancel'
            ? { ...current, completedAt: '2026-11-20T09:00:00Z' }
            : { ...current, isPaused: action === 'pause' };
        return current;
      },
    );
    const api = fakeAirflowApi({
      listBackfills: async () => page([current]),
      changeBackfill,
    });
    await render(api);
    const actions = await screen.findByLabelText('Actions of backfill 3');
    await userEvent.click(
      within(actions).getByRole('button', { name: 'Pause' }),
    );
    expect(
      await screen.findByRole('button', { name: 'Resume' }),
    ).toBeInTheDocument();
    expect(changeBackfill).toHaveBeenLastCalledWith(dagRef, 3, 'pause');

    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Cancel backfill' }),
    );
    await waitFor(() =>
      expect(changeBackfill).toHaveBeenLastCalledWith(dagRef, 3, 'cancel'),
    );
    expect(
      await screen.findByRole('table', { name: 'Backfills' }),
    ).toHaveTextContent('completed');
    expect(
      screen.queryByRole('button', { name: 'Resume' }),
    ).not.toBeInTheDocument();
  });

  it('shows every control disabled with its reason to a reader', async () => {
    const reason = 'You may not backfill orders_daily_load in data-prod';
    const api = fakeAirflowApi({
      listBackfills: async () => page([backfill(3)]),
    });
    await render(api, { allowed: false, reason });
    expect(
      await screen.findByRole('button', { name: 'New backfill' }),
    ).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Pause' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Cancel' })).toBeDisabled();
    expect(
      document.querySelectorAll(`[data-disabled-reason="${reason}"]`),
    ).toHaveLength(3);
  });

  it('says that Airflow 2 has no backfills and offers no control', async () => {
    const message =
      'Backfills are not supported by Airflow 2: environment "legacy-etl" runs Airflow 2 (REST API v1); they need Airflow 3';
    const error = await backendError(501, message);
    const api = fakeAirflowApi({
      listBackfills: async () => Promise.reject(error),
    });
    await render(api);
    expect(await screen.findByText(message)).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'New backfill' }),
    ).not.toBeInTheDocument();
  });
});
