import {
  AIRFLOW_ID_MAX_LENGTH,
  AIRFLOW_KEY_PATTERN,
  ENVIRONMENT_NAME_MAX_LENGTH,
  ENVIRONMENT_NAME_PATTERN,
  hasControlCharacters,
} from '@airflow-portal/plugin-airflow-common';
import { z } from 'zod';

/*
 * Everything the browser sends is checked here, before any catalog or upstream
 * call. Ids follow the shared rules of @airflow-portal/plugin-airflow-common
 * (Airflow's own id rules, and the config's environment names), so a
 * malformed id is a 400 from us rather than a confusing answer from Airflow.
 */

/** The rule of `airflow.environments[].name`. */
const environment = z
  .string()
  .max(ENVIRONMENT_NAME_MAX_LENGTH)
  .regex(ENVIRONMENT_NAME_PATTERN, 'must be a configured environment name');

const dagId = z
  .string()
  .min(1)
  .max(AIRFLOW_ID_MAX_LENGTH)
  .regex(AIRFLOW_KEY_PATTERN, 'may only contain letters, digits, _ . -');

const runId = z
  .string()
  .min(1)
  .max(AIRFLOW_ID_MAX_LENGTH)
  .refine(
    value => !hasControlCharacters(value),
    'must not contain control characters',
  );

/** Task ids: Airflow's key rule; task-group members contain dots. */
const taskId = dagId;

/** Catalog entity ref parts (Backstage names are ≤ 63 characters; kinds are letters/digits). */
const entityPart = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[a-zA-Z0-9_.-]+$/, 'must be a valid entity reference part');

function intString(min: number, max: number = Number.MAX_SAFE_INTEGER) {
  return z
    .string()
    .regex(/^-?\d+$/, 'must be an integer')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));
}

function paging(defaultLimit: number) {
  return {
    limit: intString(1, 100).default(String(defaultLimit)),
    offset: intString(0).default('0'),
  };
}

const runState = z.enum(['queued', 'running', 'success', 'failed']);

/** `state=a&state=b` or `state=a,b`. */
const states = z
  .union([z.string(), z.array(z.string())])
  .transform(value =>
    (Array.isArray(value) ? value : [value])
      .flatMap(v => v.split(','))
      .map(v => v.trim())
      .filter(Boolean),
  )
  .pipe(z.array(runState).max(4));

export const environmentParams = z.object({ environment });

export const importErrorsQuery = z.object(paging(25));

export const entityParams = z.object({
  namespace: entityPart,
  kind: entityPart,
  name: entityPart,
});

export const entityDagParams = entityParams.extend({ environment, dagId });

export const runsQuery = z.object({
  ...paging(25),
  state: states.optional(),
});

export const runParams = entityDagParams.extend({ runId });

export const tasksQuery = z.object(paging(100));

export const logParams = runParams.extend({
  taskId,
  tryNumber: intString(1, 10_000),
});

export const logQuery = z.object({
  mapIndex: intString(-1).default('-1'),
  token: z.string().min(1).max(8192).optional(),
});

/** A trigger's `conf` may be at most this many bytes of JSON. */
export const MAX_CONF_BYTES = 64 * 1024;

const jsonObject = z
  .record(z.unknown())
  .refine(
    value => Buffer.byteLength(JSON.stringify(value), 'utf8') <= MAX_CONF_BYTES,
    `must be at most ${MAX_CONF_BYTES} bytes of JSON`,
  );

/** Body of the trigger route (`TriggerDagRunRequest`). */
export const triggerBody = z
  .object({
    conf: z
      .unknown()
      .optional()
      .superRefine((value, ctx) => {
        if (
          value !== undefined &&
          (value === null || typeof value !== 'object' || Array.isArray(value))
        ) {
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            message: 'must be a JSON object',
          });
        }
      })
      .pipe(jsonObject.optional()),
    logicalDate: z
      .string()
      .datetime({ offset: true, message: 'must be ISO 8601 with a time zone' })
      .nullable()
      .optional(),
    note: z.string().max(1000).optional(),
    requestId: z
      .string()
      .min(1)
      .max(100)
      .regex(/^[a-zA-Z0-9_.:-]+$/, 'may only contain letters, digits, _ . : -'),
  })
  .strict();

/** Body of the pause route (`SetDagPausedRequest`). */
export const setPausedBody = z.object({ isPaused: z.boolean() }).strict();

const auditAction = z.enum(['dag.trigger', 'dag.pause', 'dag.unpause']);
const auditOutcome = z.enum([
  'pending',
  'succeeded',
  'failed',
  'denied',
  'rejected',
]);
const isoDate = z
  .string()
  .datetime({ offset: true, message: 'must be ISO 8601 with a time zone' })
  .transform(value => new Date(value));

export const auditQuery = z.object({
  actor: z.string().min(1).max(512).optional(),
  environment: environment.optional(),
  dagId: dagId.optional(),
  entityRef: z.string().min(1).max(512).optional(),
  action: auditAction.optional(),
  outcome: auditOutcome.optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  cursor: z.string().max(1000).optional(),
  limit: intString(1, 200).default('50'),
});
