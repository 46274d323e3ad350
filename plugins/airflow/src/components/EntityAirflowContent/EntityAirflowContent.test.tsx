import type { Entity } from '@backstage/catalog-model';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { AirflowApi } from '../../api';
import { fakeAirflowApi } from '../../testing/fakeAirflowApi';
import {
  dataProd,
  legacyEtl,
  mwaaPayments,
  ordersDags,
  ordersService,
  teamData,
  teamDataDags,
} from '../../testing/fixtures';
import { renderWithAirflow } from '../../__testUtils__/renderWithAirflow';
import { EntityAirflowContent } from './EntityAirflowContent';

async function renderContent(entity: Entity, api: AirflowApi) {
  return renderWithAirflow(<EntityAirflowContent />, { api, entity });
}

const statuses = { 'data-prod': dataProd, 'legacy-etl': legacyEtl };

describe('EntityAirflowContent on a component', () => {
  const api = fakeAirflowApi({
    getEntityDags: async () => ordersDags,
    getEnvironment: async name =>
      statuses[name as keyof typeof statuses] ?? Promise.reject(new Error()),
  });

  it('lists the DAGs with their latest runs, failing first', async () => {
    await renderContent(ordersService, api);

    // Wait for the DAG rows themselves, not for whichever row renders first.
    const dagRows = await screen.findAllByTestId(/^dag-row-/);
    expect(within(dagRows[0]).getByText('Orders backfill')).toBeInTheDocument();
    expect(within(dagRows[0]).getByText('paused')).toBeInTheDocument();
    expect(
      within(dagRows[1]).getByText('Loads the orders of the day'),
    ).toBeInTheDocument();

    expect(
      screen.getByLabelText('success run scheduled__2025-05-31T00:00:00+00:00'),
    ).toHaveAttribute(
      'href',
      'http://airflow.example.com/dags/orders_daily_load/runs/2025-05-31',
    );
    expect(
      screen.getByLabelText(/^Open orders_daily_load in Airflow/),
    ).toHaveAttribute(
      'href',
      'http://airflow.example.com/dags/orders_daily_load',
    );
  });

  it('shows the health of the environments the DAGs live in', async () => {
    await renderContent(ordersService, api);
    expect(
      await screen.findByText(
        'Data platform (Airflow 3) · healthy · Airflow 3.0.6',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Legacy ETL (Airflow 2) · degraded · Airflow 2.10.5'),
    ).toBeInTheDocument();
  });

  it('names the environment whose DAGs could not be read, with Airflow status and detail', async () => {
    await renderContent(ordersService, api);
    expect(
      await screen.findByText(
        /DAGs of Legacy ETL \(Airflow 2\) \(legacy-etl\) could not be read/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Airflow answered 403: Forbidden: user cannot read DAGs',
      ),
    ).toBeInTheDocument();
  });

  it('filters by search text and latest run state', async () => {
    await renderContent(ordersService, api);
    await screen.findByText('Orders backfill');

    await userEvent.type(screen.getByLabelText('Search DAGs'), 'daily');
    expect(screen.queryByText('Orders backfill')).not.toBeInTheDocument();
    expect(screen.getByText('Loads the orders of the day')).toBeInTheDocument();

    await userEvent.clear(screen.getByLabelText('Search DAGs'));
    await userEvent.click(screen.getByLabelText('Latest run'));
    await userEvent.click(
      await screen.findByRole('option', { name: 'Failed' }),
    );
    expect(screen.getByText('Orders backfill')).toBeInTheDocument();
    expect(
      screen.queryByText('Loads the orders of the day'),
    ).not.toBeInTheDocument();
  });

  it('shows a request failure as an error panel', async () => {
    await renderContent(
      ordersService,
      fakeAirflowApi({
        getEntityDags: () => Promise.reject(new Error('backend down')),
      }),
    );
    expect((await screen.findAllByText(/backend down/)).length).toBeGreaterThan(
      0,
    );
  });

  it('explains how to bind DAGs when there are none', async () => {
    await renderContent(
      ordersService,
      fakeAirflowApi({
        getEntityDags: async () => ({
          entityRef: 'component:default/orders-service',
          environments: [],
        }),
      }),
    );
    expect(await screen.findByText('No Airflow DAGs')).toBeInTheDocument();
  });
});

describe('EntityAirflowContent on a team', () => {
  it('shows the environments the team owns and its DAGs per component, failing first', async () => {
    await renderContent(
      teamData,
      fakeAirflowApi({
        getEntityDags: async () => teamDataDags,
        listEnvironments: async () => ({
          environments: [dataProd, legacyEtl, mwaaPayments],
        }),
      }),
    );

    const owned = await screen.findByRole('region', {
      name: 'Owned environments',
    });
    await waitFor(() =>
      expect(
        within(owned).getByText('Legacy ETL (Airflow 2)'),
      ).toBeInTheDocument(),
    );
    expect(
      within(owned).queryByText('Data platform (Airflow 3)'),
    ).not.toBeInTheDocument();

    // The DAG sections come from another request than the environments.
    await screen.findByRole('heading', { level: 2, name: /orders-service/ });
    const sectionTitles = screen
      .getAllByRole('heading', { level: 2 })
      .map(heading => heading.textContent);
    const customer = sectionTitles.findIndex(t => t?.includes('customer-360'));
    const orders = sectionTitles.findIndex(t => t?.includes('orders-service'));
    expect(customer).toBeGreaterThanOrEqual(0);
    expect(customer).toBeLessThan(orders);
    expect(sectionTitles[customer]).toContain('(1 failing)');
  });

  it('still shows the DAGs when the environments cannot be listed', async () => {
    await renderContent(
      teamData,
      fakeAirflowApi({
        getEntityDags: async () => teamDataDags,
        listEnvironments: () => Promise.reject(new Error('backend down')),
      }),
    );
    expect(
      await screen.findByText(
        'Airflow environments could not be listed: backend down',
      ),
    ).toBeInTheDocument();
    // The DAGs come from another request than the environments.
    expect(
      await screen.findByText('customer_profile_build'),
    ).toBeInTheDocument();
    expect(
      await screen.findByText('data-prod · status unknown'),
    ).toBeInTheDocument();
  });
});
