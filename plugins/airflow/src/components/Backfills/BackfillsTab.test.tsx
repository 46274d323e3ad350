import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { AirflowApi } from '../../api';
import {
  denying,
  renderWithAirflow,
} from '../../__testUtils__/renderWithAirflow';
import { fakeAirflowApi } from '../../testing/fakeAirflowApi';
import {
  dataProd,
  legacyEtl,
  ordersDags,
  ordersService,
} from '../../testing/fixtures';
import { EntityAirflowContent } from '../EntityAirflowContent';

function api(): AirflowApi {
  return fakeAirflowApi({
    getEntityDags: async () => ordersDags,
    getEnvironment: async name => (name === 'data-prod' ? dataProd : legacyEtl),
    listAuditRecords: async () => ({ items: [] }),
    listDagRuns: async () => ({
      items: [],
      totalEntries: 0,
      offset: 0,
      limit: 10,
    }),
    listDagVersions: async () => ({
      supported: true,
      items: [],
      totalEntries: 0,
    }),
    listBackfills: async () => ({
      items: [],
      totalEntries: 0,
      offset: 0,
      limit: 25,
    }),
  });
}

describe('the Backfills tab of the DAG drawer', () => {
  it("asks the user's backfill permission on the DAG and shows the reason", async () => {
    await renderWithAirflow(<EntityAirflowContent />, {
      api: api(),
      entity: ordersService,
      authorize: denying('airflow.dag.backfill'),
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
      within(drawer).getByRole('tab', { name: 'Backfills' }),
    );
    const reason = 'You may not backfill orders_daily_load in data-prod';
    await waitFor(() =>
      expect(
        drawer.querySelector(`[data-disabled-reason="${reason}"]`),
      ).not.toBeNull(),
    );
    expect(
      within(drawer).getByRole('button', { name: 'New backfill' }),
    ).toBeDisabled();
  });
});
