import type { AirflowAuditRecord } from '@airflow-portal/plugin-airflow-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { EntityAuditCard } from './EntityAuditCard';
import {
  airflowBaseUrl,
  setupAirflowMsw,
} from '../../__testUtils__/mswAirflow';
import { renderWithAirflow } from '../../__testUtils__/renderWithAirflow';
import { AirflowAuditPage } from './AirflowAuditPage';

const record: AirflowAuditRecord = {
  id: 'a1',
  createdAt: '2025-06-01T12:00:00Z',
  actor: 'user:default/jane',
  action: 'dag.trigger',
  environment: 'data-prod',
  dagId: 'orders_daily_load',
  entityRef: 'component:default/orders-service',
  outcome: 'failed',
  upstreamStatus: 409,
  error: 'DAG run already exists',
  conf: { region: 'eu' },
  requestId: 'req-1',
};

describe('Airflow audit', () => {
  const { server, client } = setupAirflowMsw();
  let urls: URL[];

  beforeEach(() => {
    urls = [];
    server.use(
      http.get(`${airflowBaseUrl}/audit`, ({ request }) => {
        const url = new URL(request.url);
        urls.push(url);
        return HttpResponse.json(
          url.searchParams.get('cursor')
            ? {
                items: [
                  {
                    ...record,
                    id: 'a0',
                    outcome: 'succeeded',
                    upstreamStatus: 200,
                    origin: 'plugin:scaffolder task:t-1',
                  },
                ],
              }
            : { items: [record], nextCursor: 'older-1' },
        );
      }),
    );
  });

  it('lists records with their outcome and details, filters and pages by cursor', async () => {
    await renderWithAirflow(<AirflowAuditPage />, { api: client });
    const table = await screen.findByRole('table', { name: 'Audit records' });
    expect(within(table).getByText('failed (409)')).toBeInTheDocument();
    await userEvent.click(
      within(table).getByRole('button', { name: 'Show details' }),
    );
    expect(
      await within(table).findByText('DAG run already exists'),
    ).toBeInTheDocument();
    expect(within(table).getByText(/"region": "eu"/)).toBeInTheDocument();

    await userEvent.click(screen.getByLabelText('Outcome'));
    await userEvent.click(
      await screen.findByRole('option', { name: 'failed' }),
    );
    await userEvent.type(screen.getByLabelText('DAG id'), 'orders_daily_load');
    await waitFor(() => {
      const last = urls[urls.length - 1].searchParams;
      expect(last.get('outcome')).toBe('failed');
      expect(last.get('dagId')).toBe('orders_daily_load');
    });

    await userEvent.click(screen.getByRole('button', { name: 'Older' }));
    expect(await screen.findByText('succeeded (200)')).toBeInTheDocument();
    // A template run's trigger names the scaffolder task it came from.
    expect(
      screen.getByText('via plugin:scaffolder task:t-1'),
    ).toBeInTheDocument();
    expect(urls[urls.length - 1].searchParams.get('cursor')).toBe('older-1');
    await userEvent.click(screen.getByRole('button', { name: 'Newer' }));
    expect(await screen.findByText('failed (409)')).toBeInTheDocument();
  });

  it('scopes the entity card to its entity', async () => {
    await renderWithAirflow(
      <EntityAuditCard entityRef="component:default/orders-service" />,
      { api: client },
    );
    await screen.findByRole('table', { name: 'Audit records' });
    expect(urls[0].searchParams.get('entityRef')).toBe(
      'component:default/orders-service',
    );
    expect(urls[0].searchParams.get('limit')).toBe('10');
    expect(screen.queryByLabelText('Entity')).not.toBeInTheDocument();
  });

  it('shows an environment-wide record (a web login), which names no entity or DAG', async () => {
    server.use(
      http.get(`${airflowBaseUrl}/audit`, () =>
        HttpResponse.json({
          items: [
            {
              ...record,
              id: 'w1',
              action: 'environment.web-login',
              environment: 'mwaa-payments',
              dagId: '',
              entityRef: '',
              outcome: 'succeeded',
              upstreamStatus: undefined,
              error: undefined,
              conf: undefined,
            },
          ],
        }),
      ),
    );
    await renderWithAirflow(<AirflowAuditPage />, { api: client });
    const table = await screen.findByRole('table', { name: 'Audit records' });
    expect(
      within(table).getByText('environment.web-login'),
    ).toBeInTheDocument();
    expect(within(table).getByText('mwaa-payments')).toBeInTheDocument();
  });
});
