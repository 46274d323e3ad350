import { airflow2ForTests } from '../../testing/airflow2';

describe('Airflow 2 DAG routes (/api/v1)', () => {
  const { get, send } = airflow2ForTests('v1-dags');
  const patch = (dagId: string, query: string, body: unknown) =>
    send('PATCH', `/api/v1/dags/${dagId}${query}`, body);

  it('filters by tags (any), paused and dag_id_pattern, and orders by order_by', async () => {
    const ids = async (query: string) =>
      (await get(`/api/v1/dags?${query}`)).body.dags.map((d: any) => d.dag_id);
    const tagged = (await get('/api/v1/dags?tags=payments&tags=marketing')).body
      .dags;
    expect(tagged.length).toBeGreaterThan(0);
    expect(
      tagged.every((d: any) =>
        d.tags.some((t: any) => ['payments', 'marketing'].includes(t.name)),
      ),
    ).toBe(true);
    expect(await ids('paused=true')).toContain('campaign_attribution');
    expect(await ids('paused=false')).not.toContain('campaign_attribution');
    expect(await ids('dag_id_pattern=customer_360')).toEqual([
      'customer_360_build',
      'customer_360_export',
    ]);
    const descending = await ids('order_by=-dag_id');
    expect(descending).toEqual([...descending].sort().reverse());
  });

  it('answers 400 for an order_by field and paging values Airflow rejects', async () => {
    expect(await get('/api/v1/dags?order_by=owners')).toMatchObject({
      status: 400,
      body: {
        title: 'Bad Request',
        detail:
          "Ordering with 'owners' is disallowed or the attribute does not exist on the model",
      },
    });
    expect((await get('/api/v1/dags?offset=-1')).status).toBe(400);
    expect((await get('/api/v1/dags?limit=ten')).status).toBe(400);
  });

  it('serves details with params as serialised Param objects, and 404 for an unknown DAG', async () => {
    const details = (await get('/api/v1/dags/payments_reconcile/details')).body;
    expect(details.params.region).toEqual({
      __class: 'airflow.models.param.Param',
      value: 'eu',
      description: 'Settlement region to reconcile.',
      schema: {
        type: 'string',
        enum: ['eu', 'us'],
        description: 'Settlement region to reconcile.',
      },
    });
    expect(details).toMatchObject({
      dag_id: 'payments_reconcile',
      owners: ['team-payments'],
      timezone: "Timezone('UTC')",
    });
    for (const path of ['/api/v1/dags/nope', '/api/v1/dags/nope/details']) {
      expect(await get(path)).toMatchObject({
        status: 404,
        body: { status: 404, detail: "DAG with dag_id: 'nope' not found" },
      });
    }
  });

  it('pauses through PATCH: only is_paused, in the body and in update_mask', async () => {
    expect((await patch('orders_hourly_sync', '', { extra: 1 })).body).toEqual(
      expect.objectContaining({ detail: "{'extra': ['Unknown field.']}" }),
    );
    expect(
      (await patch('orders_hourly_sync', '', { is_paused: 'yes' })).body.detail,
    ).toBe("{'is_paused': ['Not a valid boolean.']}");
    expect(
      (
        await patch('orders_hourly_sync', '?update_mask=description', {
          is_paused: true,
        })
      ).status,
    ).toBe(400);
    expect(
      (await patch('nope', '?update_mask=is_paused', { is_paused: true }))
        .status,
    ).toBe(404);
    expect((await get('/api/v1/dags/orders_hourly_sync')).body.is_paused).toBe(
      false,
    );
    const paused = await patch('orders_hourly_sync', '?update_mask=is_paused', {
      is_paused: true,
    });
    expect(paused).toMatchObject({
      status: 200,
      body: { dag_id: 'orders_hourly_sync', is_paused: true },
    });
    expect((await get('/api/v1/dags/orders_hourly_sync')).body.is_paused).toBe(
      true,
    );
  });
});
