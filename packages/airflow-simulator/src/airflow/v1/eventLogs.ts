import { Handler } from '../../http/types';
import { EventLogRecord } from '../../state/eventLog';
import { isoV1 } from '../../util/time';
import { SimEnv } from '../env';
import {
  EVENT_LOG_ORDER,
  eventLogSortValue,
  filterEventLog,
} from '../eventLogQuery';
import { parseOrderBy, sortItems } from '../query';
import { collectionPage } from '../responses';
import { problem } from './errors';
import { isResponse, orderError, paging } from './request';

/** `EventLog` (v1: `execution_date`, no display names). */
export function eventLogV1(r: EventLogRecord) {
  return {
    event_log_id: r.id,
    when: isoV1(r.when),
    dag_id: r.dagId,
    task_id: r.taskId,
    run_id: r.runId,
    map_index: r.mapIndex,
    try_number: r.tryNumber,
    event: r.event,
    execution_date: isoV1(r.logicalDate),
    owner: r.owner,
    extra: r.extra,
  };
}

/** Comma separated event names (`included_events`, `excluded_events`, Airflow 2.9+). */
function eventList(raw: string | null): string[] | undefined {
  return raw === null
    ? undefined
    : raw
        .split(',')
        .map(v => v.trim())
        .filter(Boolean);
}

function dateParam(raw: string | null): number | undefined | 'invalid' {
  if (raw === null) return undefined;
  const ms = Date.parse(raw);
  return Number.isNaN(ms) ? 'invalid' : ms;
}

/** `GET /api/v1/eventLogs`: paging, `order_by`, the exact-match filters, event lists, `before`/`after`. */
export const listEventLogs =
  (env: SimEnv): Handler =>
  ctx => {
    const p = paging(ctx);
    if (isResponse(p)) return p;
    const before = dateParam(ctx.query.get('before'));
    const after = dateParam(ctx.query.get('after'));
    if (before === 'invalid' || after === 'invalid') {
      return problem(
        400,
        `'${ctx.query.get(
          before === 'invalid' ? 'before' : 'after',
        )}' is not a 'date-time'`,
      );
    }
    const orderBy = ctx.query.get('order_by');
    const order = parseOrderBy(orderBy ? [orderBy] : []);
    const bad = order.find(k => !EVENT_LOG_ORDER.includes(k.field));
    if (bad) return orderError(bad.field);
    const q = ctx.query;
    const rows = sortItems(
      filterEventLog(env.store.eventLog.records, {
        dagId: q.get('dag_id') ?? undefined,
        taskId: q.get('task_id') ?? undefined,
        runId: q.get('run_id') ?? undefined,
        owner: q.get('owner') ?? undefined,
        event: q.get('event') ?? undefined,
        includedEvents: eventList(q.get('included_events')),
        excludedEvents: eventList(q.get('excluded_events')),
        before,
        after,
      }),
      order.length ? order : [{ field: 'event_log_id', desc: false }],
      eventLogSortValue,
    );
    return collectionPage('event_logs', rows, p, eventLogV1);
  };

/** `GET /api/v1/eventLogs/{event_log_id}`. */
export const getEventLog =
  (env: SimEnv): Handler =>
  ctx => {
    const id = Number(ctx.params.event_log_id);
    const record = env.store.eventLog.records.find(r => r.id === id);
    return record
      ? { status: 200, body: eventLogV1(record) }
      : problem(404, 'Event Log not found');
  };
