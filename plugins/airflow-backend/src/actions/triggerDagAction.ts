import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { InputError } from '@backstage/errors';
import type { TriggerInput } from '../operations/DagOperations';
import { MAX_BODY_DEPTH, nestsDeeperThan } from '../router/readJsonBody';
import {
  dagIdField,
  dagRefOf,
  entityRefField,
  environmentField,
  rawParamsOf,
  requestIdField,
} from './actionInputs';
import { runOutput, toRunOutput } from './actionOutputs';
import { operationCallerOf } from './actionCaller';
import type { AirflowActionsDeps } from './AirflowActionsDeps';

export const TRIGGER_DAG_ACTION = 'trigger-airflow-dag';

/** A trigger's `conf` may be at most this many bytes of JSON, as through the route. */
const MAX_CONF_BYTES = 64 * 1024;

/**
 * Starts a run of a bound DAG through DagOperations, as the trigger route
 * does: the caller's `airflow.dag.trigger` on the DAG, an audit record
 * whatever happens (a refused input `rejected`, a denial `denied`, an
 * upstream failure `failed`), and one run per requestId.
 */
export function registerTriggerDagAction(
  registry: ActionsRegistryService,
  deps: AirflowActionsDeps,
) {
  registry.register({
    name: TRIGGER_DAG_ACTION,
    title: 'Trigger an Airflow DAG',
    description: `
Starts a run of an Apache Airflow DAG bound to a catalog entity, as the calling user, with an optional conf.
Allowed only if the user may trigger this DAG (decided on the DAG's environment and Airflow owners, not on the entity);
every attempt, allowed or not, is written to the portal's audit trail under the user's name.
The same requestId again answers the run it started instead of starting another.
The run itself does whatever the DAG does (it may write or overwrite data): confirm with the user before triggering.
Take entityRef, environment and dagId from list-airflow-dags.
`,
    // A run does whatever its DAG does. Idempotent per requestId.
    attributes: { readOnly: false, destructive: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          entityRef: entityRefField(z),
          environment: environmentField(z),
          dagId: dagIdField(z),
          requestId: requestIdField(z),
          conf: z
            .record(z.unknown())
            .optional()
            .describe(
              'Passed to the run as its conf (the DAG params); at most 64 KiB as JSON',
            ),
          logicalDate: z
            .string()
            .datetime({ offset: true })
            .nullable()
            .optional()
            .describe(
              'ISO 8601 with a time zone; absent or null lets Airflow decide',
            ),
          note: z.string().max(1000).optional(),
        }),
      output: z =>
        z.object({
          environment: z.string(),
          dagId: z.string(),
          run: runOutput(z),
        }),
    },
    action: async ({ input, credentials }) => {
      const caller = operationCallerOf(
        deps.auth,
        credentials,
        TRIGGER_DAG_ACTION,
      );
      const trigger: TriggerInput = {
        requestId: input.requestId,
        conf: input.conf,
        logicalDate: input.logicalDate,
        note: input.note,
      };
      let ref;
      try {
        assertConfReadable(input.conf);
        deps.service.assertEnvironment(input.environment);
        ref = dagRefOf(input);
      } catch (error) {
        // Refused before it could be tried: still an attempt, recorded.
        return deps.operations.rejectTrigger(
          caller,
          rawParamsOf(input),
          trigger,
          error as Error,
        );
      }
      const run = await deps.operations.trigger(caller, ref, trigger);
      return {
        output: {
          environment: ref.environment,
          dagId: ref.dagId,
          run: toRunOutput(run),
        },
      };
    },
  });
}

/** The route's limits on a conf: its size, and a nesting its walkers can follow. */
function assertConfReadable(conf: Record<string, unknown> | undefined) {
  if (conf === undefined) return;
  if (nestsDeeperThan(conf, MAX_BODY_DEPTH - 1)) {
    throw new InputError(
      `conf must not nest deeper than ${MAX_BODY_DEPTH - 1} levels`,
    );
  }
  if (Buffer.byteLength(JSON.stringify(conf), 'utf8') > MAX_CONF_BYTES) {
    throw new InputError(
      `conf must be at most ${MAX_CONF_BYTES} bytes of JSON`,
    );
  }
}
