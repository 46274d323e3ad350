import { startAirflowSimulator, AirflowSimulator } from '../simulator';
import { DEMO_DAG_IDS } from '../../state/catalog';
import { bearer, call } from '../../testing/client';

describe('Airflow 3 DAG routes', () => {
  let sim: AirflowSimulator;
  let auth: Record<string, string>;
  const get = (path: string) => call(sim.url, 'GET', path, { headers: auth });
  beforeAll(async () => {
    sim = await startAirflowSimulator({
      flavor: 'airflow3',
      seed: 'dags',
      dagCount: 160,
      frozenClock: true,
    });
    auth = await bearer(sim.url);
  });
  afterAll(() => sim.close());

  it('contains the demo DAGs and generated fillers', async () => {
    const all = await get('/api/v2/dags?limit=100');
    const second = await get('/api/v2/dags?limit=100&offset=100');
    const ids = [...all.body.dags, ...second.body.dags].map(
      (d: any) => d.dag_id,
    );
    expect(all.body.total_entries).toBe(160);
    expect(ids).toEqual(expect.arrayContaining(DEMO_DAG_IDS));
    expect(ids.some(id => /^etl_generated_\d{4}$/.test(id))).toBe(true);
  });

  it('pages with default 50 and clamps limit to 100', async () => {
    expect((await get('/api/v2/dags')).body.dags).toHaveLength(50);
    expect((await get('/api/v2/dags?limit=500')).body.dags).toHaveLength(100);
    const bad = await get('/api/v2/dags?limit=-1');
    expect(bad.status).toBe(422);
    expect(bad.body.detail[0]).toMatchObject({
      loc: ['query', 'limit'],
      type: 'greater_than_equal',
    });
  });

  it('filters by tags (any/all), owners, pattern and paused', async () => {
    const any = await get(
      '/api/v2/dags?tags=payments&tags=marketing&limit=100',
    );
    expect(
      any.body.dags.every((d: any) =>
        d.tags.some((t: any) => ['payments', 'marketing'].includes(t.name)),
      ),
    ).toBe(true);
    const all = await get(
      '/api/v2/dags?tags=orders&tags=etl&tags_match_mode=all',
    );
    expect(all.body.dags.map((d: any) => d.dag_id)).toContain(
      'orders_daily_load',
    );
    expect(all.body.dags.map((d: any) => d.dag_id)).not.toContain(
      'orders_hourly_sync',
    );
    const names = (d: any) => d.tags.map((t: any) => t.name);
    expect(
      all.body.dags.every(
        (d: any) => names(d).includes('orders') && names(d).includes('etl'),
      ),
    ).toBe(true);
    const owners = await get('/api/v2/dags?owners=team-payments');
    expect(owners.body.dags.map((d: any) => d.dag_id)).toEqual([
      'payments_fx_rates',
      'payments_reconcile',
      'payouts',
    ]);
    const pattern = await get('/api/v2/dags?dag_id_pattern=CUSTOMER_360');
    expect(pattern.body.total_entries).toBe(2);
    const paused = await get('/api/v2/dags?paused=true&limit=100');
    expect(paused.body.dags.map((d: any) => d.dag_id)).toContain(
      'campaign_attribution',
    );
    expect(paused.body.dags.every((d: any) => d.is_paused)).toBe(true);
    const desc = await get('/api/v2/dags?order_by=-dag_id&limit=1');
    expect(desc.body.dags[0].dag_id > 'platform_cleanup').toBe(true);
  });

  it('serves details with Airflow-shaped params', async () => {
    const details = await get('/api/v2/dags/payments_reconcile/details');
    expect(details.body.params.region).toMatchObject({
      value: 'eu',
      schema: { type: 'string', enum: ['eu', 'us'] },
    });
    expect(details.body.params.dry_run.schema.type).toBe('boolean');
    expect(details.body.owners).toEqual(['team-payments']);
    expect((await get('/api/v2/dags/nope')).status).toBe(404);
  });

  it('pauses through PATCH with the update_mask and body rules', async () => {
    const patch = (query: string, body: unknown) =>
      call(sim.url, 'PATCH', `/api/v2/dags/orders_hourly_sync${query}`, {
        headers: auth,
        body,
      });
    expect(
      (await patch('?update_mask=is_paused', { is_paused: true, extra: 1 }))
        .status,
    ).toBe(422);
    expect(
      (await patch('?update_mask=description', { is_paused: true })).status,
    ).toBe(400);
    const ok = await patch('?update_mask=is_paused', { is_paused: true });
    expect(ok).toMatchObject({
      status: 200,
      body: { dag_id: 'orders_hourly_sync', is_paused: true },
    });
    expect((await get('/api/v2/dags/orders_hourly_sync')).body.is_paused).toBe(
      true,
    );
  });

  it('is deterministic per seed', async () => {
    const startTime = Date.UTC(2025, 4, 1, 12);
    const a = await startAirflowSimulator({
      flavor: 'airflow3',
      seed: 'same',
      startTime,
      frozenClock: true,
    });
    const b = await startAirflowSimulator({
      flavor: 'airflow3',
      seed: 'same',
      startTime,
      frozenClock: true,
    });
    const c = await startAirflowSimulator({
      flavor: 'airflow3',
      seed: 'different',
      startTime,
      frozenClock: true,
    });
    try {
      const shape = (s: AirflowSimulator) =>
        s.state.runs.map(r => [r.runId, r.outcome, r.plans.length]);
      expect(shape(b)).toEqual(shape(a));
      expect(shape(c)).not.toEqual(shape(a));
    } finally {
      await Promise.all([a.close(), b.close(), c.close()]);
    }
  });
});
