import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { EntityAuditCard } from './EntityAuditCard';
import {
  airflowBaseUrl,
  setupAirflowMsw,
} from '../../__testUtils__/mswAirflow';
import {
  denying,
  renderWithAirflow,
} from '../../__testUtils__/renderWithAirflow';
import { AirflowAuditPage } from './AirflowAuditPage';

// Its own file: usePermission caches answers for the module's lifetime.
describe('Airflow audit without airflow.audit.read', () => {
  const { server, client } = setupAirflowMsw();
  let urls: string[];

  beforeEach(() => {
    urls = [];
    server.use(
      http.get(`${airflowBaseUrl}/audit`, ({ request }) => {
        urls.push(request.url);
        return HttpResponse.json({ items: [] });
      }),
    );
  });

  it('tells users without airflow.audit.read why there is nothing', async () => {
    await renderWithAirflow(<AirflowAuditPage />, {
      api: client,
      authorize: denying('airflow.audit.read'),
    });
    expect(
      await screen.findByText('No access to the Airflow audit trail'),
    ).toBeInTheDocument();
    expect(urls).toHaveLength(0);
  });

  it('hides the entity card', async () => {
    const { container } = await renderWithAirflow(
      <EntityAuditCard entityRef="component:default/orders-service" />,
      { api: client, authorize: denying('airflow.audit.read') },
    );
    expect(container).toBeEmptyDOMElement();
    expect(urls).toHaveLength(0);
  });
});
