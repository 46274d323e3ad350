import type { AirflowDagActionsService } from '@airflow-portal/plugin-airflow-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { asTaskError } from './airflowErrors';
import { dagTargetOf, describeTarget } from './dagTarget';
import { originRefOf, requestIdOf } from './taskIdentity';

/**
 * `airflow:dag:clear`: clears a run (or some of its task instances) so that
 * Airflow runs them again, as the user who runs the template. Airflow's dry
 * run is logged first, so the task log shows what is cleared; a template
 * dry run stops there.
 *
 * @public
 */
export function createClearRunAction(options: {
  actions: AirflowDagActionsService;
}) {
  const { actions } = options;
  return createTemplateAction({
    id: 'airflow:dag:clear',
    description:
      'Clears a run of an Airflow DAG that a catalog entity binds (all of it, its failed tasks, or chosen tasks) so that Airflow runs them again, with the permissions of the user who runs the template. Logs Airflow’s dry run first; recorded in the Airflow audit trail with this task as its origin. A retried step does not clear again.',
    supportsDryRun: true,
    examples: [
      {
        description: 'Retry the failed tasks of a run',
        example: [
          'steps:',
          '  - id: retry',
          '    action: airflow:dag:clear',
          '    input:',
          '      entityRef: component:default/orders-service',
          '      environment: legacy-etl',
          '      dagId: orders_daily_load',
          '      runId: manual__2026-11-01T00:00:00+00:00',
          '      onlyFailed: true',
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
        runId: z => z.string().min(1).describe('The run to clear'),
        taskIds: z =>
          z
            .array(z.string().min(1))
            .min(1)
            .optional()
            .describe('Only these tasks (default: the whole run)'),
        onlyFailed: z =>
          z.boolean().optional().describe('Only failed task instances'),
        includeUpstream: z =>
          z.boolean().optional().describe('Also the tasks upstream'),
        includeDownstream: z =>
          z.boolean().optional().describe('Also the tasks downstream'),
      },
      output: {
        taskIds: z =>
          z
            .array(z.string())
            .describe('The task ids cleared (or, in a dry run, that would be)'),
        deduplicated: z =>
          z
            .boolean()
            .describe('True when a retried step found the clear already done'),
      },
    },
    async handler(ctx) {
      const target = dagTargetOf(ctx.input);
      const { runId, taskIds, onlyFailed, includeUpstream, includeDownstream } =
        ctx.input;
      const request = {
        credentials: await ctx.getInitiatorCredentials(),
        originRef: originRefOf(ctx),
        target,
        runId,
        options: { taskIds, onlyFailed, includeUpstream, includeDownstream },
      };
      const what = `clear run ${runId} of ${describeTarget(target)}`;
      // Airflow's own dry run: changes nothing, so a template dry run makes it too.
      const preview = await actions
        .previewClear(request)
        .catch(error => Promise.reject(asTaskError(what, error)));
      const previewed = preview.taskInstances.map(ti => ti.taskId);
      ctx.logger.info(
        `Clearing run ${runId} would run again: ${
          previewed.join(', ') || 'no task instance'
        }`,
      );
      if (ctx.isDryRun) {
        ctx.output('taskIds', previewed);
        ctx.output('deduplicated', false);
        return;
      }
      const result = await actions
        .clear({ ...request, requestId: requestIdOf(ctx, 'airflow:dag:clear') })
        .catch(error => Promise.reject(asTaskError(what, error)));
      const cleared = Array.from(
        new Set(result.taskInstances.map(ti => ti.taskId)),
      );
      ctx.logger.info(
        result.deduplicated
          ? `Run ${runId} was cleared already by this step`
          : `Cleared run ${runId}: ${cleared.join(', ') || 'no task instance'}`,
      );
      ctx.output('taskIds', cleared);
      ctx.output('deduplicated', result.deduplicated);
    },
  });
}
