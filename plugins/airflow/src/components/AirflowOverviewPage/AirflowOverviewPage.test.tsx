import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AirflowApi, airflowApiRef } from '../../api';
import { fakeAirflowApi } from '../../testing/fakeAirflowApi';
import { dataProd, legacyEtl, mwaaPayments } from '../../testing/fixtures';
import { AirflowOverviewPage } from './AirflowOverviewPage';

async function renderPage(api: AirflowApi, refreshIntervalMs?: number) {
  return renderInTestApp(
    <TestApiProvider apis={[[airflowApiRef, api]]}>
      <AirflowOverviewPage refreshIntervalMs={refreshIntervalMs} />
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

describe('AirflowOverviewPage', () => {
  const listEnvironments = jest.fn(async () => ({
    environments: [dataProd, legacyEtl, mwaaPayments],
  }));

  beforeEach(() => listEnvironments.mockClear());

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

  it('refreshes on demand', async () => {
    await renderPage(fakeAirflowApi({ listEnvironments }));
    await screen.findByLabelText('Environment summary');
    expect(listEnvironments).toHaveBeenCalledTimes(1);

    await userEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    await waitFor(() => expect(listEnvironments).toHaveBeenCalledTimes(2));
  });

  it('refreshes on an interval', async () => {
    await renderPage(fakeAirflowApi({ listEnvironments }), 100);
    await screen.findByLabelText('Environment summary');
    await waitFor(
      () => expect(listEnvironments.mock.calls.length).toBeGreaterThan(1),
      { timeout: 3000 },
    );
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
});
