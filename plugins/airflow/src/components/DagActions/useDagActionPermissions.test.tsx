import { fireEvent, screen, waitFor } from '@testing-library/react';
import { EntityAirflowContent } from '../EntityAirflowContent';
import { fakeAirflowApi } from '../../testing/fakeAirflowApi';
import {
  dataProd,
  legacyEtl,
  ordersDags,
  ordersService,
} from '../../testing/fixtures';
import {
  ALLOW,
  DENY,
  denying,
  renderWithAirflow,
} from '../../__testUtils__/renderWithAirflow';

/*
 * usePermission caches answers per permission and resource for the module's
 * lifetime, so each test here uses its own entity name.
 */
const entityNamed = (name: string) => ({
  ...ordersService,
  metadata: { ...ordersService.metadata, name },
});

const api = fakeAirflowApi({
  getEntityDags: async () => ordersDags,
  getEnvironment: async name => (name === 'data-prod' ? dataProd : legacyEtl),
  listAuditRecords: async () => ({ items: [] }),
});

describe('DAG actions without the rights', () => {
  it('disables trigger and pause with the reason for users without the rights', async () => {
    await renderWithAirflow(<EntityAirflowContent />, {
      api,
      entity: entityNamed('no-trigger'),
      authorize: denying('airflow.dag.trigger', 'airflow.dag.pause'),
    });
    await screen.findByRole('table', { name: 'DAGs' });

    const trigger = await screen.findByRole('button', {
      name: 'Trigger orders_daily_load',
    });
    // Disabled is also what the button is while permissions are checked:
    // wait for the decision itself.
    await waitFor(() =>
      expect(trigger.closest('[data-disabled-reason]')).toHaveAttribute(
        'data-disabled-reason',
        'You may not trigger orders_daily_load in data-prod',
      ),
    );
    expect(trigger).toBeDisabled();
    const pause = screen.getByRole('checkbox', {
      name: 'Pause orders_daily_load',
    });
    expect(pause).toBeDisabled();

    fireEvent.mouseOver(trigger.closest('[data-disabled-reason]')!);
    expect(
      await screen.findByRole('tooltip', {
        name: 'You may not trigger orders_daily_load in data-prod',
      }),
    ).toBeInTheDocument();
  });

  it('asks about each DAG itself, named through the entity', async () => {
    const asked: string[] = [];
    await renderWithAirflow(<EntityAirflowContent />, {
      api,
      entity: entityNamed('per-dag'),
      authorize: request => {
        const resourceRef =
          'resourceRef' in request ? String(request.resourceRef) : '';
        if (request.permission.name === 'airflow.dag.trigger') {
          asked.push(resourceRef);
        }
        return resourceRef.startsWith('data-prod:orders_backfill@')
          ? DENY
          : ALLOW;
      },
    });
    const denied = await screen.findByRole('button', {
      name: 'Trigger orders_backfill',
    });
    await waitFor(() =>
      expect(denied.closest('[data-disabled-reason]')).toHaveAttribute(
        'data-disabled-reason',
        'You may not trigger orders_backfill in data-prod',
      ),
    );
    const allowed = screen.getByRole('button', {
      name: 'Trigger orders_daily_load',
    });
    await waitFor(() => expect(allowed).toBeEnabled());
    expect(asked.sort()).toEqual([
      'data-prod:orders_backfill@component:default/per-dag',
      'data-prod:orders_daily_load@component:default/per-dag',
    ]);
  });
});
