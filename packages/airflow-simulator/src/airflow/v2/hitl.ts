import { Handler, HttpResponse } from '../../http/types';
import { answerHitl, findHitl, HitlRecord } from '../../state/hitl';
import { isoV2 } from '../../util/time';
import { SimEnv } from '../env';
import { userOf } from '../eventLogRecording';
import {
  inRange,
  likeMatcher,
  parseOrderBy,
  QueryReader,
  sortItems,
} from '../query';
import { collectionPage } from '../responses';
import { MAX_PAGE, orderingError } from './dags';
import { taskInstanceResponse } from './serialize';
import { TI_STATES, detail, parseBody, validationError } from './validate';

/*
 * Airflow 3.1's human-in-the-loop routes (`core_api/routes/public/hitl.py`):
 * the listing (`~` for any DAG or run), one detail, one try's detail, and
 * the answer (`UpdateHITLDetailPayload` → `HITLDetailResponse`).
 */

const ORDER_FIELDS = [
  'ti_id',
  'subject',
  'responded_at',
  'created_at',
  'responded_by_user_id',
  'responded_by_user_name',
  'dag_id',
  'run_id',
  'task_display_name',
  'run_after',
  'rendered_map_index',
  'task_instance_operator',
  'task_instance_state',
];

function taskInstanceOf(env: SimEnv, record: HitlRecord) {
  return env.store.findTaskInstance(
    record.run.dagId,
    record.run.runId,
    record.taskId,
  )!;
}

function baseDetail(record: HitlRecord) {
  const response = record.response;
  return {
    options: record.options,
    subject: record.subject,
    body: record.body,
    defaults: record.defaults,
    multiple: record.multiple,
    params: record.params,
    assigned_users: record.assignedUsers,
    created_at: isoV2(record.createdAt),
    responded_by_user: response?.by ?? null,
    responded_at: isoV2(response?.at ?? null),
    chosen_options: response?.chosenOptions ?? null,
    params_input: response?.paramsInput ?? {},
    response_received: response !== undefined,
  };
}

/** `HITLDetail`. */
function hitlDetail(env: SimEnv, record: HitlRecord) {
  return {
    ...baseDetail(record),
    task_instance: taskInstanceResponse(env.store, taskInstanceOf(env, record)),
  };
}

/** `TaskInstanceHistoryResponse`'s fields of the task instance. */
const HISTORY_FIELDS = [
  'task_id',
  'dag_id',
  'dag_run_id',
  'map_index',
  'start_date',
  'end_date',
  'duration',
  'state',
  'try_number',
  'max_tries',
  'task_display_name',
  'dag_display_name',
  'hostname',
  'unixname',
  'pool',
  'pool_slots',
  'queue',
  'priority_weight',
  'operator',
  'operator_name',
  'queued_when',
  'scheduled_when',
  'pid',
  'executor',
  'executor_config',
  'dag_version',
];

/** `HITLDetailHistory`. */
function hitlDetailHistory(env: SimEnv, record: HitlRecord) {
  const ti: Record<string, unknown> = taskInstanceResponse(
    env.store,
    taskInstanceOf(env, record),
  );
  return {
    ...baseDetail(record),
    task_instance: Object.fromEntries(HISTORY_FIELDS.map(f => [f, ti[f]])),
  };
}

function sortField(env: SimEnv, record: HitlRecord, field: string) {
  switch (field) {
    case 'subject':
      return record.subject;
    case 'responded_at':
      return record.response?.at ?? null;
    case 'created_at':
      return record.createdAt;
    case 'responded_by_user_id':
      return record.response?.by.id ?? null;
    case 'responded_by_user_name':
      return record.response?.by.name ?? null;
    case 'dag_id':
      return record.run.dagId;
    case 'run_id':
      return record.run.runId;
    case 'task_display_name':
      return record.taskId;
    case 'run_after':
      return record.run.runAfter;
    case 'task_instance_operator':
      return taskInstanceOf(env, record).task.operator;
    case 'task_instance_state':
      return taskInstanceOf(env, record).state;
    case 'rendered_map_index':
      return null;
    default:
      // ti_id: the task instance's uuid
      return taskInstanceOf(env, record).plan.uuid;
  }
}

/** `GET /api/v2/dags/{dag_id}/dagRuns/{dag_run_id}/hitlDetails` (`~` = any). */
export const listHitlDetails =
  (env: SimEnv): Handler =>
  ctx => {
    const { dag_id: dagId, dag_run_id: runId } = ctx.params;
    const q = new QueryReader(ctx.query);
    const limit = Math.min(q.int('limit', 50, 0), MAX_PAGE);
    const offset = q.int('offset', 0, 0);
    const responseReceived = q.bool('response_received');
    const rawMapIndex = q.str('map_index');
    const mapIndex =
      rawMapIndex === undefined ? undefined : q.int('map_index', -1);
    const created = {
      gte: q.date('created_at_gte'),
      gt: q.date('created_at_gt'),
      lte: q.date('created_at_lte'),
      lt: q.date('created_at_lt'),
    };
    if (q.errors.length) return validationError(q.errors);
    const states = q.list('state');
    const badState = states.find(s => !TI_STATES.includes(s));
    if (badState !== undefined) {
      return validationError([
        {
          type: 'value_error',
          loc: ['query', 'state'],
          msg: `Invalid value for state. Valid values are ${TI_STATES.join(
            ', ',
          )}`,
          input: badState,
        },
      ]);
    }
    const order = parseOrderBy(q.list('order_by'));
    const bad = order.find(k => !ORDER_FIELDS.includes(k.field));
    if (bad) return orderingError(bad.field);
    const pattern = (name: string) => {
      const value = q.str(name);
      return value ? likeMatcher(value, true) : () => true;
    };
    const dagMatch = pattern('dag_id_pattern');
    const taskMatch = pattern('task_id_pattern');
    const subjectMatch = pattern('subject_search');
    const bodyMatch = pattern('body_search');
    const taskId = q.str('task_id');
    const userIds = q.list('responded_by_user_id');
    const userNames = q.list('responded_by_user_name');
    const records = env.store.hitlDetails.filter(record => {
      const { run } = record;
      const by = record.response?.by;
      return (
        (dagId === '~' || run.dagId === dagId) &&
        (runId === '~' || run.runId === runId) &&
        dagMatch(run.dagId) &&
        taskMatch(record.taskId) &&
        (taskId === undefined || record.taskId === taskId) &&
        (mapIndex === undefined || record.mapIndex === mapIndex) &&
        (states.length === 0 ||
          states.includes(taskInstanceOf(env, record).state ?? '')) &&
        (responseReceived === undefined ||
          responseReceived === (record.response !== undefined)) &&
        (userIds.length === 0 || (by && userIds.includes(by.id))) &&
        (userNames.length === 0 || (by && userNames.includes(by.name))) &&
        subjectMatch(record.subject) &&
        bodyMatch(record.body ?? '') &&
        inRange(record.createdAt, created)
      );
    });
    const sorted = sortItems(
      records,
      order.length ? order : [{ field: 'ti_id', desc: false }],
      (record, field) => sortField(env, record, field),
    );
    return collectionPage('hitl_details', sorted, { offset, limit }, record =>
      hitlDetail(env, record),
    );
  };

/** Airflow's two 404s: no such task instance, or one without a human-in-the-loop detail. */
function lookup(
  env: SimEnv,
  params: Record<string, string>,
): HitlRecord | HttpResponse {
  const { dag_id: dagId, dag_run_id: runId, task_id: taskId } = params;
  const mapIndex = params.map_index;
  if (!/^-?\d+$/.test(mapIndex)) {
    return validationError([
      {
        type: 'int_parsing',
        loc: ['path', 'map_index'],
        msg: 'Input should be a valid integer, unable to parse string as an integer',
        input: mapIndex,
      },
    ]);
  }
  const ti = env.store.findTaskInstance(dagId, runId, taskId);
  if (!ti || Number(mapIndex) !== -1) {
    return detail(
      404,
      `The Task Instance with dag_id: \`${dagId}\`, run_id: \`${runId}\`, task_id: \`${taskId}\` and map_index: \`${mapIndex}\` was not found`,
    );
  }
  return (
    findHitl(env.store, dagId, runId, taskId) ??
    detail(
      404,
      `Human-in-the-loop detail does not exist for Task Instance with id ${ti.plan.uuid}`,
    )
  );
}

const isRecord = (v: HitlRecord | HttpResponse): v is HitlRecord =>
  'options' in v;

/** `GET …/taskInstances/{task_id}/{map_index}/hitlDetails`. */
export const getHitlDetail =
  (env: SimEnv): Handler =>
  ctx => {
    const found = lookup(env, ctx.params);
    if (!isRecord(found)) return found;
    return { status: 200, body: hitlDetail(env, found) };
  };

/** `GET …/hitlDetails/tries/{try_number}`: the one try a simulated approval has. */
export const getHitlDetailTry =
  (env: SimEnv): Handler =>
  ctx => {
    const found = lookup(env, ctx.params);
    if (!isRecord(found)) return found;
    const tryNumber = ctx.params.try_number;
    const ti = taskInstanceOf(env, found);
    if (tryNumber !== '-1' && tryNumber !== String(ti.tryNumber)) {
      return detail(
        404,
        `The Task Instance with dag_id: \`${found.run.dagId}\`, run_id: \`${found.run.runId}\`, task_id: \`${found.taskId}\` and map_index: \`-1\` was not found`,
      );
    }
    return { status: 200, body: hitlDetailHistory(env, found) };
  };

/**
 * `PATCH …/taskInstances/{task_id}/{map_index}/hitlDetails`: 409 once
 * answered, 403 when `assigned_users` is set and the caller is not among
 * them, else the answer is recorded and the task resumes.
 */
export const patchHitlDetail =
  (env: SimEnv): Handler =>
  ctx => {
    const parsed = parseBody(ctx, {
      fields: {
        chosen_options: { type: 'strList' },
        params_input: { type: 'dict' },
      },
      required: ['chosen_options'],
      allowExtra: true,
    });
    if (!parsed.ok) return parsed.response;
    const chosen: string[] = parsed.value.chosen_options;
    if (chosen.length === 0) {
      return validationError([
        {
          type: 'too_short',
          loc: ['body', 'chosen_options'],
          msg: 'List should have at least 1 item after validation, not 0',
          input: chosen,
          ctx: { field_type: 'List', min_length: 1, actual_length: 0 },
        },
      ]);
    }
    const found = lookup(env, ctx.params);
    if (!isRecord(found)) return found;
    if (found.response) {
      return detail(
        409,
        `Human-in-the-loop detail has already been updated for Task Instance with id ${
          taskInstanceOf(env, found).plan.uuid
        } and is not allowed to write again.`,
      );
    }
    const name = userOf(env, ctx) ?? 'anonymous';
    const user = { id: name, name };
    if (
      found.assignedUsers.length > 0 &&
      !found.assignedUsers.some(u => u.id === user.id && u.name === user.name)
    ) {
      return detail(
        403,
        `User=${user.name} (id=${user.id}) is not a respondent for the task.`,
      );
    }
    const response = {
      by: user,
      at: env.store.now(),
      chosenOptions: chosen,
      paramsInput: parsed.value.params_input ?? {},
    };
    answerHitl(env.store, found, response);
    return {
      status: 200,
      body: {
        responded_by: response.by,
        responded_at: isoV2(response.at),
        chosen_options: response.chosenOptions,
        params_input: response.paramsInput,
      },
    };
  };
