import { specOperations } from './openApiOperations';

describe('specOperations', () => {
  const operations = specOperations();

  it('reads every operation once, with its method and both path forms', () => {
    const ids = operations.map(op => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);

    const log = operations.find(op => op.operationId === 'GetTaskLog')!;
    expect(log.method).toBe('get');
    expect(log.path).toBe(
      '/entities/{namespace}/{kind}/{name}/environments/{environment}/dags/{dagId}/runs/{runId}/tasks/{taskId}/logs/{tryNumber}',
    );
    expect(log.expressPath).toBe(
      '/entities/:namespace/:kind/:name/environments/:environment/dags/:dagId/runs/:runId/tasks/:taskId/logs/:tryNumber',
    );
    expect(log.permissions).toEqual([
      'airflow.dag.read',
      'airflow.task.log.read',
    ]);
  });

  it('marks the operations that change something as writes, each with an example body', () => {
    const writes = operations.filter(op => op.isWrite);
    expect(writes.map(op => `${op.method} ${op.operationId}`).sort()).toEqual([
      'patch ChangeBackfill',
      'patch SetDagPaused',
      'post ClearTaskInstances',
      'post CreateBackfill',
      'post CreateWebLogin',
      'post MarkDagRun',
      'post MarkTaskInstance',
      'post RespondToApproval',
      'post SetDagRunNote',
      'post SetTaskInstanceNote',
      'post TriggerDagRun',
    ]);
    // Previews change nothing: not writes, not recorded.
    expect(
      operations
        .filter(op => op.operationId.startsWith('Preview'))
        .map(op => op.isWrite),
    ).toEqual([false, false, false, false]);
    // A web login takes no body: the environment in its path is all it needs.
    const bodyless = new Set(['CreateWebLogin']);
    expect(
      writes.map(op => ({ op: op.operationId, hasBody: !!op.sampleBody })),
    ).toEqual(
      writes.map(op => ({
        op: op.operationId,
        hasBody: !bodyless.has(op.operationId),
      })),
    );
  });

  it('documents authentication and permission failures for every operation', () => {
    for (const op of operations) {
      expect({ op: op.operationId, statuses: op.statuses }).toEqual({
        op: op.operationId,
        statuses: expect.arrayContaining(['200', '401', '403']),
      });
      expect(op.permissions).not.toHaveLength(0);
    }
  });

  it('resolves shared parameters with their schemas and examples', () => {
    const runs = operations.find(op => op.operationId === 'ListDagRuns')!;
    const byName = Object.fromEntries(runs.parameters.map(p => [p.name, p]));
    expect(byName.dagId).toMatchObject({
      in: 'path',
      required: true,
      example: 'orders_daily_load',
      schema: { pattern: '^(?!\\.{1,2}$)[a-zA-Z0-9_.-]+$', maxLength: 250 },
    });
    expect(byName.offset).toMatchObject({
      in: 'query',
      required: false,
      schema: { type: 'integer', minimum: 0, default: 0 },
    });
  });

  it('fills and encodes path parameters, overrides first', () => {
    const tasks = specOperations({ environment: 'prod', name: 'shop' }).find(
      op => op.operationId === 'ListTaskInstances',
    )!;
    expect(tasks.sampleParams).toEqual({
      namespace: 'default',
      kind: 'component',
      name: 'shop',
      environment: 'prod',
      dagId: 'orders_daily_load',
      runId: 'scheduled__2026-11-22T07:00:00+00:00',
    });
    expect(tasks.url()).toBe(
      '/entities/default/component/shop/environments/prod/dags/orders_daily_load/runs/scheduled__2026-11-22T07%3A00%3A00%2B00%3A00/tasks',
    );
    expect(tasks.url({ runId: 'a b', dagId: 'other' })).toBe(
      '/entities/default/component/shop/environments/prod/dags/other/runs/a%20b/tasks',
    );
  });
});
