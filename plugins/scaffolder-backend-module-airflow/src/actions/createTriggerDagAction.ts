import type { AirflowDagActionsService } from '@airflow-portal/plugin-airflow-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { asTaskError } from './airflowErrors';
import { dagTargetOf, describeTarget } from './dagTarget';
import { originRefOf, requestIdOf } from './taskIdentity';
import { waitForRun } from './waitForRun';

/** Runs newest first: a run just triggered is among these. */
const RUNS_SEARCHED = 100;

/**
 * `airflow:dag:trigger`: starts a run of a DAG an entity binds, as the user
 * who runs the template, and optionally waits for it to end.
 *
 * @public
 */
export function createTriggerDagAction(options: {
  actions: AirflowDagActionsService;
}) {
  const { actions } = options;
  return createTemplateAction({
    id: 'airflow:dag:trigger',
    description:
      'Triggers a run of an Airflow DAG that a catalog entity binds, with the permissions of the user who runs the template; the run is recorded in the Airflow audit trail with this task as its origin. A retried step answers the same run.',
    supportsDryRun: true,
    examples: [
      {
        description: 'Backfill one day of the orders mart and wait for it',
        example: [
          'steps:',
          '  - id: trigger',
          '    action: airflow:dag:trigger',
          '    input:',
          '      entityRef: component:default/orders-service',
          '      environment: legacy-etl',
          '      dagId: orders_daily_load',
          '      conf:',
          "        date: '2026-11-01'",
          '      wait: true',
        ].join('\n'),
      },
    ],
    schema: {
      input: {
        entityRef: z =>
          z
            .string()
            .min(1)
            .describe(
              'The catalog entity whose Airflow tab shows the DAG, e.g. component:default/orders-service',
            ),
        environment: z =>
          z.string().min(1).describe('The Airflow environment, as configured'),
        dagId: z => z.string().min(1).describe('The DAG id'),
        conf: z =>
          z
            .record(z.any())
            .optional()
            .describe('The run’s conf: a JSON object of at most 64 KiB'),
        note: z =>
          z.string().max(1000).optional().describe('A note on the run'),
        wait: z =>
          z
            .boolean()
            .optional()
            .describe('Wait until the run succeeds or fails (default false)'),
        timeoutSeconds: z =>
          z
            .number()
            .int()
            .min(1)
            .max(6 * 3600)
            .optional()
            .describe('How long to wait at most (default 600)'),
        pollIntervalSeconds: z =>
          z
            .number()
            .int()
            .min(1)
            .max(300)
            .optional()
            .describe('How often to ask for the run’s state (default 10)'),
      },
      output: {
        runId: z => z.string().describe('The Airflow run id'),
        state: z =>
          z
            .string()
            .describe(
              'The run’s state when the step ended (queued, running, success, failed)',
            ),
        runUrl: z =>
          z.string().optional().describe('The run in the Airflow UI'),
      },
    },
    async handler(ctx) {
      const target = dagTargetOf(ctx.input);
      const requestId = requestIdOf(ctx, 'airflow:dag:trigger');
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would trigger ${describeTarget(
            target,
          )} with requestId ${requestId}`,
        );
        ctx.output('runId', `dry-run-${requestId}`);
        ctx.output('state', 'queued');
        return;
      }
      const credentials = await ctx.getInitiatorCredentials();
      const caller = { credentials, originRef: originRefOf(ctx) };
      const what = `trigger ${describeTarget(target)}`;
      const triggered = await actions
        .triggerDagRun({
          ...caller,
          target,
          requestId,
          conf: ctx.input.conf,
          note: ctx.input.note,
        })
        .catch(error => Promise.reject(asTaskError(what, error)));
      ctx.logger.info(
        `Triggered ${describeTarget(target)}: run ${triggered.runId} (${
          triggered.state
        })`,
      );
      const outputRun = (run: typeof triggered) => {
        ctx.output('runId', run.runId);
        ctx.output('state', run.state);
        if (run.uiUrl) ctx.output('runUrl', run.uiUrl);
      };
      outputRun(triggered);
      if (!ctx.input.wait) return;

      const timeoutSeconds = ctx.input.timeoutSeconds ?? 600;
      const { run, ended } = await waitForRun({
        run: triggered,
        intervalMs: (ctx.input.pollIntervalSeconds ?? 10) * 1000,
        timeoutMs: timeoutSeconds * 1000,
        signal: ctx.signal,
        poll: async () => {
          const page = await actions
            .listDagRuns({ ...caller, target, limit: RUNS_SEARCHED })
            .catch(error =>
              Promise.reject(
                asTaskError(`read the runs of ${target.dagId}`, error),
              ),
            );
          return page.items.find(r => r.runId === triggered.runId);
        },
        onState: next => ctx.logger.info(`Run ${next.runId}: ${next.state}`),
      });
      outputRun({ ...run, uiUrl: run.uiUrl ?? triggered.uiUrl });
      if (!ended) {
        throw new Error(
          `Run ${run.runId} of ${target.dagId} did not end within ${timeoutSeconds}s (last state: ${run.state}); it goes on in Airflow`,
        );
      }
      if (run.state === 'failed') {
        throw new Error(
          `Run ${run.runId} of ${target.dagId} failed in Airflow`,
        );
      }
    },
  });
}
