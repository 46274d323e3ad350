import { Handler } from '../../http/types';
import { EventLogRecord } from '../../state/eventLog';
import { isoV2 } from '../../util/time';
import { SimEnv } from '../env';
import {
  EVENT_LOG_ORDER,
  eventLogSortValue,
  filterEventLog,
} from '../eventLogQuery';
import { parseOrderBy, QueryReader, sortItems } from '../query';
import { collectionPage } from '../responses';
import { MAX_PAGE, orderingError } from './dags';
import { detail, validationError } from './validate';

/** `EventLogResponse`. */
export function eventLogResponse(env: SimEnv, r: EventLogRecord) {
  const dag = r.dagId ? env.store.dags.get(r.dagId) : undefined;
  return {
    event_log_id: r.id,
    when: isoV2(r.when),
    dag_id: r.dagId,
    task_id: r.taskId,
    run_id: r.runId,
    map_index: r.mapIndex,
    try_number: r.tryNumber,
    event: r.event,
    logical_date: isoV2(r.logicalDate),
    owner: r.owner,
    extra: r.extra,
    dag_display_name: dag?.displayName ?? null,
    task_display_name: r.taskId,
  };
}

/** `GET /api/v2/eventLogs`: paging, `order_by` (default `id`), the exact-match filters, event lists, `before`/`after`. */
export const listEventLogs =
  (env: SimEnv): Handler =>
  ctx => {
    const q = new QueryReader(ctx.query);
    const limit = Math.min(q.int('limit', 50, 0), MAX_PAGE);
    const offset = q.int('offset', 0, 0);
    const before = q.date('before');
    const after = q.date('after');
    if (q.errors.length) return validationError(q.errors);
    const order = parseOrderBy(q.list('order_by'));
    const bad = order.find(k => !EVENT_LOG_ORDER.includes(k.field));
    if (bad) return orderingError(bad.field);
    const rows = sortItems(
      filterEventLog(env.store.eventLog.records, {
        dagId: q.str('dag_id'),
        taskId: q.str('task_id'),
        runId: q.str('run_id'),
        owner: q.str('owner'),
        event: q.str('event'),
        includedEvents: q.list('included_events'),
        excludedEvents: q.list('excluded_events'),
        before,
        after,
      }),
      order.length ? order : [{ field: 'id', desc: false }],
      eventLogSortValue,
    );
    return collectionPage('event_logs', rows, { offset, limit }, r =>
      eventLogResponse(env, r),
    );
  };

/** `GET /api/v2/eventLogs/{event_log_id}`. */
export const getEventLog =
  (env: SimEnv): Handler =>
  ctx => {
    const id = Number(ctx.params.event_log_id);
    const record = env.store.eventLog.records.find(r => r.id === id);
    return record
      ? { status: 200, body: eventLogResponse(env, record) }
      : detail(
          404,
          `The Event Log with id: \`${ctx.params.event_log_id}\` not found`,
        );
  };
