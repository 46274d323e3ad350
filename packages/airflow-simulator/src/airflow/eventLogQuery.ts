import { EventLogRecord } from '../state/eventLog';
import { SortValue } from './query';

/** The filters both API versions' `GET /eventLogs` take (v1 and v2 share the names). */
export interface EventLogFilter {
  dagId?: string;
  taskId?: string;
  runId?: string;
  owner?: string;
  event?: string;
  includedEvents?: string[];
  excludedEvents?: string[];
  /** Milliseconds; `when` strictly before / after. */
  before?: number;
  after?: number;
}

export function filterEventLog(
  records: EventLogRecord[],
  f: EventLogFilter,
): EventLogRecord[] {
  return records.filter(
    r =>
      (f.dagId === undefined || r.dagId === f.dagId) &&
      (f.taskId === undefined || r.taskId === f.taskId) &&
      (f.runId === undefined || r.runId === f.runId) &&
      (f.owner === undefined || r.owner === f.owner) &&
      (f.event === undefined || r.event === f.event) &&
      (!f.includedEvents?.length || f.includedEvents.includes(r.event)) &&
      (!f.excludedEvents?.length || !f.excludedEvents.includes(r.event)) &&
      (f.before === undefined || r.when < f.before) &&
      (f.after === undefined || r.when > f.after),
  );
}

/** Sort keys of `order_by`: the column names and their API aliases (`when` = `dttm`, `event_log_id` = `id`). */
export const EVENT_LOG_ORDER = [
  'id',
  'event_log_id',
  'dttm',
  'when',
  'dag_id',
  'task_id',
  'run_id',
  'event',
  'logical_date',
  'execution_date',
  'owner',
  'extra',
];

export function eventLogSortValue(r: EventLogRecord, field: string): SortValue {
  switch (field) {
    case 'dttm':
    case 'when':
      return r.when;
    case 'dag_id':
      return r.dagId;
    case 'task_id':
      return r.taskId;
    case 'run_id':
      return r.runId;
    case 'event':
      return r.event;
    case 'logical_date':
    case 'execution_date':
      return r.logicalDate;
    case 'owner':
      return r.owner;
    case 'extra':
      return r.extra;
    default:
      return r.id;
  }
}
