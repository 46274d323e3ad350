import { screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { EntityAuditCard } from './EntityAuditCard';
import {
  airflowBaseUrl,
  setupAirflowMsw,
} from '../../__testUtils__/mswAirflow';
import { renderWithAirflow } from '../../__testUtils__/renderWithAirflow';
import { AirflowAuditPage } from './AirflowAuditPage';

// Which records a user reads is the backend's decision (a policy may allow
// some of them): the page and the card follow its answer.
describe('Airflow audit without airflow.audit.read', () => {
  const { server, client } = setupAirflowMsw();
  let urls: string[];

  beforeEach(() => {
    urls = [];
    server.use(
      http.get(`${airflowBaseUrl}/audit`, ({ request }) => {
        urls.push(request.url);
        return HttpResponse.json(
          {
            error: {
              name: 'NotAllowedError',
              message: 'Permission airflow.audit.read is required',
            },
            request: { method: 'GET', url: '/audit' },
            response: { statusCode: 403 },
          },
          { status: 403 },
        );
      }),
    );
  });

  it('tells users without airflow.audit.read why there is nothing', async () => {
    await renderWithAirflow(<AirflowAuditPage />, { api: client });
    expect(
      await screen.findByText('No access to the Airflow audit trail'),
    ).toBeInTheDocument();
    expect(urls).toHaveLength(1);
  });

  it('hides the entity card', async () => {
    const { container } = await renderWithAirflow(
      <EntityAuditCard entityRef="component:default/orders-service" />,
      { api: client },
    );
    await waitFor(() => expect(urls).toHaveLength(1));
    await waitFor(() => expect(container).toBeEmptyDOMElement());
  });
});
