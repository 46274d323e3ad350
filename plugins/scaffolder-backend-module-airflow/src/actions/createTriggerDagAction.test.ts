import type { AirflowDagRun } from '@airflow-portal/plugin-airflow-common';
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
import { createTriggerDagAction } from './createTriggerDagAction';

const server = setupServer();
registerMswTestHooks(server);

function run(
  runId: string,
  state: AirflowDagRun['state'],
  conf?: Record<string, unknown>,
): AirflowDagRun {
  return {
    environment: target.environment,
    dagId: target.dagId,
    runId,
    state,
    conf,
    uiUrl: `http://airflow.test/dags/${target.dagId}/runs/${runId}`,
  };
}

function setup(input: Record<string, unknown> = {}) {
  const { actions, auth } = actionsService();
  const action = createTriggerDagAction({ actions });
  const logger = mockServices.logger.mock();
  const ctx = createMockActionContext({
    input: { ...target, conf: { date: '2026-11-01' }, ...input },
    logger,
  });
  return { action, ctx, auth, logger };
}

/** A backend that starts one run per requestId, as the trigger route does. */
function triggerRoute(state: AirflowDagRun['state'] = 'queued') {
  const runs = new Map<string, AirflowDagRun>();
  return (body: { requestId: string; conf?: Record<string, unknown> }) => {
    if (!runs.has(body.requestId)) {
      runs.set(
        body.requestId,
        run(`manual__${runs.size + 1}`, state, body.conf),
      );
    }
    return runs.get(body.requestId)!;
  };
}

describe('airflow:dag:trigger', () => {
  it('triggers the run on behalf of the template’s user, naming the task as origin', async () => {
    const { action, ctx, auth } = setup();
    const trigger = triggerRoute();
    const received = fakeAirflowBackend(server, req =>
      trigger(req.body as any),
    );

    await action.handler(ctx);

    // The token is the Airflow backend's, on behalf of whoever started the task.
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await ctx.getInitiatorCredentials(),
      targetPluginId: 'airflow',
    });
    expect(received).toEqual([
      {
        method: 'POST',
        path: `${DAG_PATH}/runs`,
        authorization: `Bearer ${token}`,
        originRef: 'task:mock-task-id',
        body: {
          requestId: expect.stringMatching(/^scaffolder-[0-9a-f]{40}$/),
          conf: { date: '2026-11-01' },
        },
      },
    ]);
    expect(ctx.output).toHaveBeenCalledWith('runId', 'manual__1');
    expect(ctx.output).toHaveBeenCalledWith('state', 'queued');
    expect(ctx.output).toHaveBeenCalledWith(
      'runUrl',
      'http://airflow.test/dags/orders_daily_load/runs/manual__1',
    );
  });

  it('answers the same run when the step is retried', async () => {
    const trigger = triggerRoute();
    const received = fakeAirflowBackend(server, req =>
      trigger(req.body as any),
    );
    const first = setup();
    await first.action.handler(first.ctx);
    const retry = setup();
    await retry.action.handler(retry.ctx);

    const [a, b] = received.map(
      r => (r.body as { requestId: string }).requestId,
    );
    expect(a).toBe(b);
    expect(retry.ctx.output).toHaveBeenCalledWith('runId', 'manual__1');

    const otherStep = setup();
    await otherStep.action.handler({
      ...otherStep.ctx,
      step: { id: 'another-step' },
    });
    expect(otherStep.ctx.output).toHaveBeenCalledWith('runId', 'manual__2');
  });

  it('fails the task with the permission error when the user may not trigger', async () => {
    const { action, ctx } = setup();
    fakeAirflowBackend(server, () =>
      backstageError(403, 'NotAllowedError', 'airflow.dag.trigger is denied'),
    );
    const error = action.handler(ctx);
    await expect(error).rejects.toMatchObject({ name: 'NotAllowedError' });
    await expect(error).rejects.toThrow(
      'You may not trigger orders_daily_load in legacy-etl (via component:default/orders-service): airflow.dag.trigger is denied',
    );
    expect(ctx.output).not.toHaveBeenCalled();
  });

  it('fails the task with Airflow’s failure', async () => {
    const { action, ctx } = setup();
    fakeAirflowBackend(server, () =>
      backstageError(502, 'UpstreamError', 'Airflow answered 500'),
    );
    await expect(action.handler(ctx)).rejects.toThrow(
      'Could not trigger orders_daily_load in legacy-etl (via component:default/orders-service) (the Airflow backend answered 502): Airflow answered 500',
    );
  });

  it('calls nothing in a dry run', async () => {
    const { action, ctx } = setup();
    const received = fakeAirflowBackend(server, () => ({}));
    await action.handler({ ...ctx, isDryRun: true });
    expect(received).toEqual([]);
    expect(ctx.output).toHaveBeenCalledWith('state', 'queued');
  });

  describe('waiting for the run', () => {
    beforeEach(() => {
      jest.useFakeTimers({
        doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'],
      });
    });
    afterEach(() => {
      jest.useRealTimers();
    });

    /** Moves the fake clock a second at a time until the handler ends; answers how it ended. */
    async function settle(handler: Promise<void>) {
      let outcome: { error?: unknown } | undefined;
      handler.then(
        () => {
          outcome = {};
        },
        error => {
          outcome = { error };
        },
      );
      for (let second = 0; !outcome && second < 3600; second++) {
        await jest.advanceTimersByTimeAsync(1000);
      }
      return outcome;
    }

    /** A backend whose run goes through `states`, one per read of the runs. */
    function runGoingThrough(...states: AirflowDagRun['state'][]) {
      let reads = 0;
      return fakeAirflowBackend(server, req => {
        if (req.method === 'POST') return run('manual__1', 'queued');
        const state = states[Math.min(reads, states.length - 1)];
        reads += 1;
        return {
          items: [run('manual__0', 'success'), run('manual__1', state)],
          totalEntries: 2,
        };
      });
    }

    it('outputs the run’s final state once it ends', async () => {
      const { action, ctx } = setup({ wait: true, pollIntervalSeconds: 5 });
      const received = runGoingThrough('running', 'success');
      expect(await settle(action.handler(ctx))).toEqual({});
      expect(received.map(r => `${r.method} ${r.path}`)).toEqual([
        `POST ${DAG_PATH}/runs`,
        `GET ${DAG_PATH}/runs?limit=100`,
        `GET ${DAG_PATH}/runs?limit=100`,
      ]);
      expect(ctx.output).toHaveBeenCalledWith('state', 'success');
      expect(ctx.output).toHaveBeenLastCalledWith(
        'runUrl',
        'http://airflow.test/dags/orders_daily_load/runs/manual__1',
      );
    });

    it('fails the task when the run fails', async () => {
      const { action, ctx } = setup({ wait: true, pollIntervalSeconds: 5 });
      runGoingThrough('failed');
      const outcome = await settle(action.handler(ctx));
      expect(String(outcome?.error)).toContain(
        'Run manual__1 of orders_daily_load failed in Airflow',
      );
      expect(ctx.output).toHaveBeenCalledWith('state', 'failed');
    });

    it('gives up after the timeout, with the run id and its last state', async () => {
      const { action, ctx } = setup({
        wait: true,
        pollIntervalSeconds: 10,
        timeoutSeconds: 25,
      });
      const received = runGoingThrough('running');
      const outcome = await settle(action.handler(ctx));
      expect(String(outcome?.error)).toContain(
        'Run manual__1 of orders_daily_load did not end within 25s (last state: running); it goes on in Airflow',
      );
      // Polled at 10 s, 20 s and 25 s (the rest of the timeout).
      expect(received.filter(r => r.method === 'GET')).toHaveLength(3);
      expect(ctx.output).toHaveBeenCalledWith('runId', 'manual__1');
    });
  });
});
