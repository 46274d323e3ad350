import { screen, waitFor } from '@testing-library/react';
import { fakeAirflowApi } from '../../testing/fakeAirflowApi';
import {
  dataProd,
  legacyEtl,
  ordersDags,
  ordersService,
} from '../../testing/fixtures';
import { renderWithAirflow } from '../../__testUtils__/renderWithAirflow';
import { EntityAirflowContent } from './EntityAirflowContent';

const api = fakeAirflowApi({
  getEntityDags: async () => ordersDags,
  getEnvironment: async name => (name === 'data-prod' ? dataProd : legacyEtl),
  listAuditRecords: async () => ({ items: [] }),
  listDagRuns: async () => ({
    items: [],
    totalEntries: 0,
    offset: 0,
    limit: 25,
  }),
});

describe('the Airflow tab opened on a DAG (?dag=<environment>/<dagId>)', () => {
  it('opens the DAG’s detail drawer, as a search result links to it', async () => {
    await renderWithAirflow(<EntityAirflowContent />, {
      api,
      entity: ordersService,
      routeEntries: ['/?dag=data-prod%2Forders_daily_load'],
    });
    expect(
      await screen.findByRole('region', { name: 'DAG orders_daily_load' }),
    ).toBeInTheDocument();
  });

  it('opens nothing for a DAG the entity does not list', async () => {
    await renderWithAirflow(<EntityAirflowContent />, {
      api,
      entity: ordersService,
      routeEntries: ['/?dag=legacy-etl%2Forders_daily_load'],
    });
    await screen.findAllByTestId(/^dag-row-/);
    await waitFor(() =>
      expect(
        screen.queryByRole('region', { name: /^DAG / }),
      ).not.toBeInTheDocument(),
    );
  });
});
