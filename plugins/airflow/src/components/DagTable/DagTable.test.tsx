import type { EntityDagsResponse } from '@airflow-portal/plugin-airflow-common';
import type { Entity } from '@backstage/catalog-model';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { EntityAirflowContent } from '../EntityAirflowContent';
import { fakeAirflowApi } from '../../testing/fakeAirflowApi';
import {
  dag,
  dataProd,
  legacyEtl,
  ordersDags,
  ordersService,
  run,
} from '../../testing/fixtures';
import { renderWithAirflow } from '../../__testUtils__/renderWithAirflow';

const dataEng: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'data-eng', namespace: 'default' },
  spec: { type: 'team', children: [] },
};

/** 500 DAGs: every tenth failing, every fifth paused, tags by remainder. */
const manyDags: EntityDagsResponse = {
  entityRef: 'component:default/orders-service',
  environments: [
    {
      environment: 'data-prod',
      dags: Array.from({ length: 500 }, (_, i) => {
        const id = `dag_${String(i).padStart(3, '0')}`;
        return dag(id, {
          tags: [`tag${i % 3}`],
          isPaused: i % 5 === 0,
          latestRuns: [run(id, i % 10 === 0 ? 'failed' : 'success', 31)],
        });
      }),
    },
  ],
};

const api = (response: EntityDagsResponse) =>
  fakeAirflowApi({
    getEntityDags: async () => response,
    getEnvironment: async name => (name === 'data-prod' ? dataProd : legacyEtl),
    listAuditRecords: async () => ({ items: [] }),
  });

function dagRows() {
  return within(screen.getByRole('table', { name: 'DAGs' }))
    .getAllByRole('row')
    .filter(row => row.getAttribute('data-testid')?.startsWith('dag-row-'));
}

describe('DagTable', () => {
  it('pages 500 DAGs, failing first, and sorts by name', async () => {
    await renderWithAirflow(<EntityAirflowContent />, {
      api: api(manyDags),
      entity: ordersService,
    });
    await screen.findByRole('table', { name: 'DAGs' });

    expect(dagRows()).toHaveLength(20);
    // 50 failing DAGs come first.
    expect(dagRows()[0]).toHaveAttribute(
      'data-testid',
      'dag-row-data-prod-dag_000',
    );
    expect(dagRows()[1]).toHaveAttribute(
      'data-testid',
      'dag-row-data-prod-dag_010',
    );
    expect(screen.getByText('1–20 of 500')).toBeInTheDocument();

    await userEvent.click(
      screen.getByRole('button', { name: 'Go to next page' }),
    );
    expect(screen.getByText('21–40 of 500')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'DAG' }));
    await userEvent.click(screen.getByRole('button', { name: 'DAG' }));
    expect(dagRows()[0]).toHaveAttribute(
      'data-testid',
      'dag-row-data-prod-dag_499',
    );
  });

  it('filters by tag and paused state', async () => {
    await renderWithAirflow(<EntityAirflowContent />, {
      api: api(manyDags),
      entity: ordersService,
    });
    await screen.findByRole('table', { name: 'DAGs' });

    await userEvent.click(screen.getByLabelText('Tag'));
    await userEvent.click(await screen.findByRole('option', { name: 'tag1' }));
    await userEvent.click(screen.getByLabelText('Paused'));
    await userEvent.click(
      await screen.findByRole('option', { name: 'Paused' }),
    );

    // i % 3 === 1 and i % 5 === 0: 10, 25, 40, … → 33 DAGs.
    expect(screen.getByText('1–20 of 33')).toBeInTheDocument();
    expect(dagRows()[0]).toHaveAttribute(
      'data-testid',
      'dag-row-data-prod-dag_010',
    );
  });

  it('picks the environment on its health chip', async () => {
    await renderWithAirflow(<EntityAirflowContent />, {
      api: api(ordersDags),
      entity: ordersService,
    });
    // The DAGs and the environments' health come from separate requests.
    await screen.findByRole('table', { name: 'DAGs' });
    const chip = await screen.findByText(
      'Data platform (Airflow 3) · healthy · Airflow 3.0.6',
    );
    expect(dagRows()).toHaveLength(2);
    await userEvent.click(
      screen.getByText('Legacy ETL (Airflow 2) · degraded · Airflow 2.10.5'),
    );
    expect(
      screen.getByText('No DAGs match these filters.'),
    ).toBeInTheDocument();
    await userEvent.click(chip);
    expect(dagRows()).toHaveLength(2);
  });

  it('links owners that are catalog groups or users', async () => {
    await renderWithAirflow(<EntityAirflowContent />, {
      api: api(ordersDags),
      entity: ordersService,
      catalogEntities: [dataEng],
    });
    await screen.findByRole('table', { name: 'DAGs' });
    await waitFor(() =>
      expect(
        within(dagRows()[0]).getByRole('link', { name: /data-eng/ }),
      ).toHaveAttribute('href', '/catalog/default/group/data-eng'),
    );
  });
});
