import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { AirflowEntityDagRef } from '../../api';
import { renderWithAirflow } from '../../__testUtils__/renderWithAirflow';
import { fakeAirflowApi } from '../../testing/fakeAirflowApi';
import { EntityEventLogCard } from './EntityEventLogCard';

const ENTITY = 'component:default/orders-service';

/** One event per DAG, named after the DAG it was asked for. */
const listDagEventLog = jest.fn(async (dag: AirflowEntityDagRef) => ({
  items: [
    {
      id: 1,
      when: '2026-11-22T07:00:00Z',
      event: `paused ${dag.dagId}`,
      owner: 'airflow-admin',
      dagId: dag.dagId,
    },
  ],
  totalEntries: 1,
  offset: 0,
  limit: 25,
}));

describe('EntityEventLogCard', () => {
  it("shows Airflow's log of the entity's first DAG, then of the one chosen", async () => {
    await renderWithAirflow(
      <EntityEventLogCard
        entityRef={ENTITY}
        dags={[
          { environment: 'data-prod', dagId: 'orders_daily_load' },
          { environment: 'legacy-etl', dagId: 'orders_hourly_sync' },
        ]}
      />,
      { api: fakeAirflowApi({ listDagEventLog }) },
    );
    const table = await screen.findByRole('table', {
      name: 'Airflow event log',
    });
    expect(
      within(table).getByText('paused orders_daily_load'),
    ).toBeInTheDocument();

    await userEvent.click(screen.getByLabelText('DAG'));
    await userEvent.click(
      await screen.findByRole('option', {
        name: 'orders_hourly_sync (legacy-etl)',
      }),
    );
    expect(
      await screen.findByText('paused orders_hourly_sync'),
    ).toBeInTheDocument();
    expect(listDagEventLog).toHaveBeenLastCalledWith(
      {
        entityRef: ENTITY,
        environment: 'legacy-etl',
        dagId: 'orders_hourly_sync',
      },
      { limit: 25, offset: 0 },
    );
  });

  it('shows nothing for an entity without DAGs', async () => {
    const api = fakeAirflowApi({ listDagEventLog });
    listDagEventLog.mockClear();
    await renderWithAirflow(
      <EntityEventLogCard entityRef={ENTITY} dags={[]} />,
      { api },
    );
    expect(screen.queryByText('Airflow event log')).not.toBeInTheDocument();
    expect(listDagEventLog).not.toHaveBeenCalled();
  });
});
