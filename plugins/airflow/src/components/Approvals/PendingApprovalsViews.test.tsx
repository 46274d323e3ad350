import type {
  AirflowApproval,
  ApprovalCountsResponse,
} from '@airflow-portal/plugin-airflow-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithAirflow } from '../../__testUtils__/renderWithAirflow';
import { fakeAirflowApi } from '../../testing/fakeAirflowApi';
import {
  dataProd,
  legacyEtl,
  mwaaPayments,
  teamData,
  teamDataDags,
} from '../../testing/fixtures';
import { EntityAirflowContent } from '../EntityAirflowContent';
import { AirflowOverviewPage } from '../Overview';

/** No automatic refresh: a slow test must not see an extra call. */
const NO_REFRESH_MS = 24 * 60 * 60 * 1000;

const counts: ApprovalCountsResponse = {
  environments: [
    { environment: 'data-prod', supported: true, pending: 2 },
    { environment: 'legacy-etl', supported: false },
    {
      environment: 'mwaa-payments',
      supported: true,
      error: { name: 'UpstreamError', message: 'Airflow request failed' },
    },
  ],
};

const waiting = (dagId: string, taskId: string): AirflowApproval => ({
  environment: 'data-prod',
  dagId,
  runId: 'manual__2026-11-22T07:00:00+00:00',
  taskId,
  mapIndex: -1,
  subject: `Go on with ${dagId}?`,
  options: ['Yes', 'No'],
  multiple: false,
  params: {},
  assignedUsers: [],
  createdAt: '2026-11-22T07:05:00Z',
  responseReceived: false,
});

describe('pending approvals on the ops overview', () => {
  const api = fakeAirflowApi({
    listEnvironments: async () => ({
      environments: [dataProd, legacyEtl, mwaaPayments],
    }),
    listApprovalCounts: async () => counts,
  });

  it('counts them on each card where Airflow has approvals', async () => {
    await renderWithAirflow(
      <AirflowOverviewPage refreshIntervalMs={NO_REFRESH_MS} />,
      { api },
    );
    const prod = await screen.findByTestId('environment-data-prod');
    expect(
      await within(prod).findByLabelText('2 approvals waiting in data-prod'),
    ).toHaveTextContent('2 approvals waiting');
    expect(
      within(screen.getByTestId('environment-legacy-etl')).queryByText(
        /approval/,
      ),
    ).not.toBeInTheDocument();
    expect(
      within(screen.getByTestId('environment-mwaa-payments')).getByText(
        /Approvals could not be counted/,
      ),
    ).toBeInTheDocument();
  });

  it('counts them in the compact table, a dash where none are counted', async () => {
    await renderWithAirflow(
      <AirflowOverviewPage refreshIntervalMs={NO_REFRESH_MS} />,
      { api },
    );
    await userEvent.click(await screen.findByRole('button', { name: 'Table' }));
    const prodRow = await screen.findByTestId('environment-row-data-prod');
    expect(
      await within(prodRow).findByLabelText('2 approvals waiting in data-prod'),
    ).toHaveTextContent('2');
    const legacyRow = screen.getByTestId('environment-row-legacy-etl');
    const cells = within(legacyRow).getAllByRole('cell');
    expect(cells.at(-1)).toHaveTextContent('—');
  });
});

describe('pending approvals on a team page', () => {
  it('counts them in the section of the entity whose DAG waits', async () => {
    const api = fakeAirflowApi({
      getEntityDags: async () => teamDataDags,
      listEnvironments: async () => ({ environments: [dataProd] }),
      listEntityApprovals: async () => ({
        entityRef: 'group:default/team-data',
        environments: [
          {
            environment: 'data-prod',
            supported: true,
            approvals: [
              waiting('orders_daily_load', 'approve_load'),
              waiting('orders_daily_load', 'approve_publish'),
            ],
          },
        ],
      }),
    });
    await renderWithAirflow(<EntityAirflowContent />, {
      api,
      entity: teamData,
    });
    await waitFor(() =>
      expect(
        screen.getByRole('heading', { level: 2, name: /orders-service/ }),
      ).toHaveTextContent('(2 awaiting approval)'),
    );
    expect(
      screen.getByRole('heading', { level: 2, name: /customer-360/ }),
    ).not.toHaveTextContent('awaiting approval');
    expect(screen.getByText('Approvals (2)')).toBeInTheDocument();
  });
});
