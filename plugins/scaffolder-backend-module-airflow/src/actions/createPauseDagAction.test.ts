import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { setupServer } from 'msw/node';
import {
  actionsService,
  backstageError,
  DAG_PATH,
  fakeAirflowBackend,
  target,
} from '../__testUtils__/fakeAirflowBackend';
import { createPauseDagAction } from './createPauseDagAction';

const server = setupServer();
registerMswTestHooks(server);

function setup(input: Record<string, unknown> = {}) {
  const action = createPauseDagAction(actionsService());
  const ctx = createMockActionContext({
    input: { ...target, ...input },
  });
  return { action, ctx };
}

describe('airflow:dag:pause', () => {
  it.each([
    [undefined, true],
    [false, false],
  ])(
    'with paused %p sets isPaused %p, naming the task as origin',
    async (paused, isPaused) => {
      const { action, ctx } = setup({ paused });
      const received = fakeAirflowBackend(server, req => ({
        ...target,
        isPaused: (req.body as { isPaused: boolean }).isPaused,
      }));
      await action.handler(ctx);
      expect(received).toEqual([
        expect.objectContaining({
          method: 'PATCH',
          path: DAG_PATH,
          originRef: 'task:mock-task-id',
          body: { isPaused },
        }),
      ]);
      expect(ctx.output).toHaveBeenCalledWith('isPaused', isPaused);
    },
  );

  it('fails the task with the permission error when the user may not pause', async () => {
    const { action, ctx } = setup();
    fakeAirflowBackend(server, () =>
      backstageError(403, 'NotAllowedError', 'airflow.dag.pause is denied'),
    );
    await expect(action.handler(ctx)).rejects.toThrow(
      'You may not pause orders_daily_load in legacy-etl (via component:default/orders-service): airflow.dag.pause is denied',
    );
  });

  it('fails the task with Airflow’s failure', async () => {
    const { action, ctx } = setup();
    fakeAirflowBackend(server, () =>
      backstageError(504, 'UpstreamError', 'Airflow did not answer in time'),
    );
    await expect(action.handler(ctx)).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
      message: expect.stringContaining('answered 504'),
    });
  });

  it('calls nothing in a dry run', async () => {
    const { action, ctx } = setup();
    const received = fakeAirflowBackend(server, () => ({}));
    await action.handler({ ...ctx, isDryRun: true });
    expect(received).toEqual([]);
  });
});
