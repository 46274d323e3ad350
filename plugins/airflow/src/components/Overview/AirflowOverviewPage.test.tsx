import type { EnvironmentsResponse } from '@airflow-portal/plugin-airflow-common';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { AirflowApi } from '../../api';
import { fakeAirflowApi } from '../../testing/fakeAirflowApi';
import { dataProd, legacyEtl, mwaaPayments } from '../../testing/fixtures';
import { renderWithAirflow } from '../../__testUtils__/renderWithAirflow';
import { AirflowOverviewPage } from './AirflowOverviewPage';

/**
 * No automatic refresh unless a test asks for one: a test that runs longer than
 * the interval on a busy machine must not see an extra call.
 */
const NO_REFRESH_MS = 24 * 60 * 60 * 1000;

async function renderPage(api: AirflowApi, refreshIntervalMs = NO_REFRESH_MS) {
  return renderWithAirflow(
    <AirflowOverviewPage refreshIntervalMs={refreshIntervalMs} />,
    { api },
  );
}

describe('AirflowOverviewPage', () => {
  // A fresh mock per test: nothing a previous test left running can take
  // answers meant for this one.
  let listEnvironments: jest.Mock<Promise<EnvironmentsResponse>, []>;
  beforeEach(() => {
    listEnvironments = jest.fn(async () => ({
      environments: [dataProd, legacyEtl, mwaaPayments],
    }));
  });

  it('shows unhealthy and unreachable environments with why', async () => {
    await renderPage(fakeAirflowApi({ listEnvironments }));

    const summary = await screen.findByLabelText('Environment summary');
    expect(summary).toHaveTextContent('1 healthy1 degraded1 unreachable');

    const payments = screen.getByTestId('environment-mwaa-payments');
    expect(within(payments).getByText('unreachable')).toBeInTheDocument();
    expect(
      within(payments).getByText(
        'Airflow answered 503: Environment is not available',
      ),
    ).toBeInTheDocument();
    expect(
      within(payments).getByText('MWAA UNAVAILABLE (us-east-1)'),
    ).toBeInTheDocument();

    const legacy = screen.getByTestId('environment-legacy-etl');
    expect(within(legacy).getByText('degraded')).toBeInTheDocument();
    const scheduler = within(legacy).getByRole('row', { name: /Scheduler/ });
    expect(scheduler).toHaveTextContent(/unhealthy.*heartbeat .* ago/);
    expect(within(legacy).getByText('2 import errors')).toBeInTheDocument();
    expect(within(legacy).getByText('Airflow 2.10.5')).toBeInTheDocument();
    expect(within(legacy).getByText('REST API v1')).toBeInTheDocument();

    const prod = screen.getByTestId('environment-data-prod');
    expect(
      within(prod).getByRole('row', { name: /DAG processor/ }),
    ).toHaveTextContent('healthy');
  });

  it('filters by owner team and tag and shows 24 h run counts', async () => {
    const counted = { ...dataProd, runCounts24h: { failed: 3, running: 2 } };
    await renderPage(
      fakeAirflowApi({
        listEnvironments: async () => ({
          environments: [counted, legacyEtl, mwaaPayments],
        }),
      }),
    );
    const prod = await screen.findByTestId('environment-data-prod');
    expect(within(prod).getByText('3 failed (24 h)')).toBeInTheDocument();
    expect(within(prod).getByText('2 running')).toBeInTheDocument();

    await userEvent.click(screen.getByLabelText('Tag'));
    await userEvent.click(
      await screen.findByRole('option', { name: 'production' }),
    );
    expect(
      screen.queryByTestId('environment-legacy-etl'),
    ).not.toBeInTheDocument();
    expect(screen.getByTestId('environment-mwaa-payments')).toBeInTheDocument();

    await userEvent.click(screen.getByLabelText('Owner team'));
    await userEvent.click(
      await screen.findByRole('option', {
        name: 'group:default/platform-team',
      }),
    );
    expect(
      screen.queryByTestId('environment-mwaa-payments'),
    ).not.toBeInTheDocument();
    expect(screen.getByTestId('environment-data-prod')).toBeInTheDocument();
  });

  it('opens the import errors of an environment', async () => {
    const listImportErrors = jest.fn(async () => ({
      items: [
        {
          id: 7,
          filename: '/dags/broken.py',
          stackTrace: 'SyntaxError: invalid syntax',
        },
      ],
      totalEntries: 1,
      offset: 0,
      limit: 10,
      scope: 'all' as const,
    }));
    await renderPage(fakeAirflowApi({ listEnvironments, listImportErrors }));
    const legacy = await screen.findByTestId('environment-legacy-etl');
    await userEvent.click(
      within(legacy).getByRole('button', { name: '2 import errors' }),
    );
    expect(
      screen.queryByText(/Only the import errors of files whose DAGs/),
    ).not.toBeInTheDocument();
    expect(
      await screen.findByText('SyntaxError: invalid syntax'),
    ).toBeInTheDocument();
    expect(listImportErrors).toHaveBeenCalledWith('legacy-etl', {
      limit: 10,
      offset: 0,
    });
  });

  it('says when the count and the list are those of the DAGs the user may read', async () => {
    const scoped = {
      ...legacyEtl,
      importErrorCount: 1,
      importErrorScope: 'readable' as const,
    };
    const listImportErrors = jest.fn(async () => ({
      items: [{ id: 3, filename: 'team/etl.py', stackTrace: 'ImportError' }],
      totalEntries: 1,
      offset: 0,
      limit: 10,
      scope: 'readable' as const,
    }));
    await renderPage(
      fakeAirflowApi({
        listEnvironments: async () => ({ environments: [scoped] }),
        listImportErrors,
      }),
    );
    const legacy = await screen.findByTestId('environment-legacy-etl');
    await userEvent.click(
      within(legacy).getByRole('button', {
        name: '1 import error in files of DAGs you may read',
      }),
    );
    expect(await screen.findByText('team/etl.py')).toBeInTheDocument();
    expect(
      screen.getByText(
        'Only the import errors of files whose DAGs you may read are shown.',
      ),
    ).toBeInTheDocument();
  });

  it('refreshes on demand', async () => {
    await renderPage(fakeAirflowApi({ listEnvironments }));
    await screen.findByLabelText('Environment summary');
    expect(listEnvironments).toHaveBeenCalledTimes(1);

    await userEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    await waitFor(() => expect(listEnvironments).toHaveBeenCalledTimes(2));
  });

  it('refreshes on an interval', async () => {
    // Fake time: the interval fires when the test says so. (A real 100 ms
    // interval re-rendered the page faster than a busy machine settled it, and
    // the test never got to its assertion.)
    jest.useFakeTimers();
    try {
      await renderPage(fakeAirflowApi({ listEnvironments }), 30_000);
      await screen.findByLabelText('Environment summary');
      expect(listEnvironments).toHaveBeenCalledTimes(1);
      await act(() => jest.advanceTimersByTimeAsync(30_000));
      await waitFor(() => expect(listEnvironments).toHaveBeenCalledTimes(2));
    } finally {
      jest.useRealTimers();
    }
  });

  it('keeps the last answer when a refresh fails', async () => {
    listEnvironments
      .mockImplementationOnce(async () => ({ environments: [dataProd] }))
      .mockImplementationOnce(() => Promise.reject(new Error('backend down')));
    await renderPage(fakeAirflowApi({ listEnvironments }));
    await screen.findByTestId('environment-data-prod');

    await userEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    expect(
      await screen.findByText(/Refresh failed: backend down/),
    ).toBeInTheDocument();
    expect(screen.getByTestId('environment-data-prod')).toBeInTheDocument();
  });

  describe('with more environments than cards fit', () => {
    // Eight environments: past CARDS_UP_TO, so the table is the default view.
    const many = [
      dataProd,
      legacyEtl,
      mwaaPayments,
      ...[1, 2, 3, 4, 5].map(i => ({
        ...dataProd,
        name: `fleet-${i}`,
        title: `Fleet ${i}`,
        tags: ['fleet'],
        runCounts24h: { failed: i % 3, running: i },
      })),
    ];
    const rowNames = () =>
      screen
        .getAllByTestId(/^environment-row-/)
        .map(row => row.dataset.testid?.replace('environment-row-', ''));

    it('lists one row per environment, worst first', async () => {
      await renderPage(
        fakeAirflowApi({
          listEnvironments: async () => ({ environments: many }),
        }),
      );
      await screen.findByRole('table', { name: 'Environments' });
      // Unreachable, degraded, then healthy by failed runs (2, 1, 1, 0, 0) and title.
      expect(rowNames()).toEqual([
        'mwaa-payments',
        'legacy-etl',
        'fleet-2',
        'fleet-5',
        'fleet-1',
        'fleet-4',
        'data-prod',
        'fleet-3',
      ]);
      const payments = screen.getByTestId('environment-row-mwaa-payments');
      expect(payments).toHaveTextContent('unreachable');
      expect(payments).toHaveTextContent('mwaa');
      const legacy = screen.getByTestId('environment-row-legacy-etl');
      expect(legacy).toHaveTextContent('2.10.5');
      expect(
        within(legacy).getByRole('button', {
          name: '2 import errors in legacy-etl',
        }),
      ).toBeInTheDocument();
    });

    it('sorts by a column, the largest count first', async () => {
      await renderPage(
        fakeAirflowApi({
          listEnvironments: async () => ({ environments: many }),
        }),
      );
      await screen.findByRole('table', { name: 'Environments' });
      await userEvent.click(screen.getByRole('button', { name: 'Running' }));
      expect(rowNames().slice(0, 3)).toEqual(['fleet-5', 'fleet-4', 'fleet-3']);
      await userEvent.click(screen.getByRole('button', { name: 'Running' }));
      // Ascending: the environments without counts (0) come first, worst first among them.
      expect(rowNames().slice(0, 4)).toEqual([
        'mwaa-payments',
        'legacy-etl',
        'data-prod',
        'fleet-1',
      ]);
    });

    it('filters by status and name, and switches to cards', async () => {
      await renderPage(
        fakeAirflowApi({
          listEnvironments: async () => ({ environments: many }),
        }),
      );
      await screen.findByRole('table', { name: 'Environments' });
      await userEvent.click(screen.getByLabelText('Status'));
      await userEvent.click(
        await screen.findByRole('option', { name: 'healthy' }),
      );
      expect(rowNames()).toHaveLength(6);
      await userEvent.type(screen.getByLabelText('Name'), 'FLEET 4');
      expect(rowNames()).toEqual(['fleet-4']);

      await userEvent.click(screen.getByRole('button', { name: 'Cards' }));
      expect(screen.getByTestId('environment-fleet-4')).toBeInTheDocument();
      expect(
        screen.queryByRole('table', { name: 'Environments' }),
      ).not.toBeInTheDocument();
    });
  });
});
