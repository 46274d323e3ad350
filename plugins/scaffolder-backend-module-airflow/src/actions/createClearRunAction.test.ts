import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { setupServer } from 'msw/node';
import {
  actionsService,
  backstageError,
  DAG_PATH,
  fakeAirflowBackend,
  target,
} from '../__testUtils__/fakeAirflowBackend';
import { createClearRunAction } from './createClearRunAction';

const server = setupServer();
registerMswTestHooks(server);

const RUN_ID = 'manual__2026-11-01T00:00:00+00:00';
const RUN_PATH = `${DAG_PATH}/runs/${RUN_ID}`;

function setup() {
  const action = createClearRunAction(actionsService());
  const logger = mockServices.logger.mock();
  const ctx = createMockActionContext({
    input: { ...target, runId: RUN_ID, onlyFailed: true },
    logger,
  });
  return { action, ctx, logger };
}

const affected = (...taskIds: string[]) =>
  taskIds.map(taskId => ({ taskId, runId: RUN_ID }));

/** Previews `load`, then clears it once per requestId, as the run action routes do. */
function clearRoutes() {
  const done = new Set<string>();
  return fakeAirflowBackend(server, req => {
    const base = { ...target, runId: RUN_ID, taskInstances: affected('load') };
    if (req.path.endsWith('/clear/preview')) return base;
    const { requestId } = req.body as { requestId: string };
    const deduplicated = done.has(requestId);
    done.add(requestId);
    return { ...base, deduplicated };
  });
}

describe('airflow:dag:clear', () => {
  it('logs Airflow’s dry run, then clears, naming the task as origin', async () => {
    const { action, ctx, logger } = setup();
    const received = clearRoutes();
    await action.handler(ctx);
    expect(received).toEqual([
      expect.objectContaining({
        method: 'POST',
        path: `${RUN_PATH}/clear/preview`,
        originRef: 'task:mock-task-id',
        body: { onlyFailed: true },
      }),
      expect.objectContaining({
        method: 'POST',
        path: `${RUN_PATH}/clear`,
        originRef: 'task:mock-task-id',
        body: {
          onlyFailed: true,
          requestId: expect.stringMatching(/^scaffolder-/),
        },
      }),
    ]);
    expect(logger.info.mock.calls.map(([message]) => message)).toEqual([
      `Clearing run ${RUN_ID} would run again: load`,
      `Cleared run ${RUN_ID}: load`,
    ]);
    expect(ctx.output).toHaveBeenCalledWith('taskIds', ['load']);
    expect(ctx.output).toHaveBeenCalledWith('deduplicated', false);
  });

  it('does not clear again when the step is retried', async () => {
    const received = clearRoutes();
    const first = setup();
    await first.action.handler(first.ctx);
    const retry = setup();
    await retry.action.handler(retry.ctx);
    const requestIds = received
      .filter(r => r.path.endsWith('/clear'))
      .map(r => (r.body as { requestId: string }).requestId);
    expect(new Set(requestIds).size).toBe(1);
    expect(retry.ctx.output).toHaveBeenCalledWith('deduplicated', true);
  });

  it('makes only Airflow’s dry run in a template dry run', async () => {
    const { action, ctx } = setup();
    const received = clearRoutes();
    await action.handler({ ...ctx, isDryRun: true });
    expect(received.map(r => r.path)).toEqual([`${RUN_PATH}/clear/preview`]);
    expect(ctx.output).toHaveBeenCalledWith('taskIds', ['load']);
  });

  it('fails the task with the permission error when the user may not clear', async () => {
    const { action, ctx } = setup();
    const received = fakeAirflowBackend(server, () =>
      backstageError(403, 'NotAllowedError', 'airflow.dag.clear is denied'),
    );
    await expect(action.handler(ctx)).rejects.toThrow(
      `You may not clear run ${RUN_ID} of orders_daily_load in legacy-etl (via component:default/orders-service): airflow.dag.clear is denied`,
    );
    expect(received).toHaveLength(1);
  });

  it('fails the task with Airflow’s failure', async () => {
    const { action, ctx } = setup();
    fakeAirflowBackend(server, req =>
      req.path.endsWith('/preview')
        ? { ...target, runId: RUN_ID, taskInstances: affected('load') }
        : backstageError(502, 'UpstreamError', 'Airflow answered 500'),
    );
    await expect(action.handler(ctx)).rejects.toThrow('answered 502');
  });
});
