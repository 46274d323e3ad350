import type { AirflowDagActionsService } from '@airflow-portal/plugin-airflow-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { asTaskError } from './airflowErrors';
import { dagTargetOf, describeTarget } from './dagTarget';
import { originRefOf } from './taskIdentity';

/**
 * `airflow:dag:pause`: pauses (or unpauses) a DAG an entity binds, as the
 * user who runs the template. Pausing twice leaves it paused: a retried
 * step needs no requestId.
 *
 * @public
 */
export function createPauseDagAction(options: {
  actions: AirflowDagActionsService;
}) {
  const { actions } = options;
  return createTemplateAction({
    id: 'airflow:dag:pause',
    description:
      'Pauses or unpauses an Airflow DAG that a catalog entity binds, with the permissions of the user who runs the template; recorded in the Airflow audit trail with this task as its origin.',
    supportsDryRun: true,
    examples: [
      {
        description: 'Pause a DAG during a migration',
        example: [
          'steps:',
          '  - id: pause',
          '    action: airflow:dag:pause',
          '    input:',
          '      entityRef: component:default/orders-service',
          '      environment: legacy-etl',
          '      dagId: orders_daily_load',
          '      paused: true',
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
        paused: z =>
          z
            .boolean()
            .optional()
            .describe('true to pause (the default), false to unpause'),
      },
      output: {
        isPaused: z => z.boolean().describe('Whether the DAG is paused now'),
      },
    },
    async handler(ctx) {
      const target = dagTargetOf(ctx.input);
      const isPaused = ctx.input.paused ?? true;
      const verb = isPaused ? 'pause' : 'unpause';
      if (ctx.isDryRun) {
        ctx.logger.info(`Dry run: would ${verb} ${describeTarget(target)}`);
        ctx.output('isPaused', isPaused);
        return;
      }
      const dag = await actions
        .setDagPaused({
          credentials: await ctx.getInitiatorCredentials(),
          originRef: originRefOf(ctx),
          target,
          isPaused,
        })
        .catch(error =>
          Promise.reject(
            asTaskError(`${verb} ${describeTarget(target)}`, error),
          ),
        );
      ctx.logger.info(
        `${describeTarget(target)} is ${dag.isPaused ? 'paused' : 'unpaused'}`,
      );
      ctx.output('isPaused', dag.isPaused);
    },
  });
}
