import { HOUR, MINUTE } from '../util/time';
import type { Flavor } from './types';

/**
 * The events Airflow's API logs, named after the endpoint's function:
 * Airflow 3's `action_logging` dependency uses the FastAPI endpoint's name;
 * Airflow 2's `action_logging` decorator the connexion view's, prefixed
 * with `api.` for REST calls.
 */
export function apiEventNames(flavor: Flavor) {
  return flavor === 'airflow3'
    ? { pause: 'patch_dag', trigger: 'trigger_dag_run' }
    : { pause: 'api.patch_dag', trigger: 'api.post_dag_run' };
}

/**
 * One row of Airflow's `log` table (the event log): who did what to which
 * DAG, run or task, through the UI, the CLI or the REST API.
 */
export interface EventLogRecord {
  id: number;
  when: number;
  event: string;
  owner: string | null;
  dagId: string | null;
  taskId: string | null;
  runId: string | null;
  mapIndex: number | null;
  tryNumber: number | null;
  logicalDate: number | null;
  /** JSON text of the request's parameters (Airflow masks secrets itself; not every deployment does). */
  extra: string | null;
}

export type EventLogInput = Omit<
  EventLogRecord,
  'id' | 'mapIndex' | 'tryNumber' | 'logicalDate' | 'taskId' | 'runId'
> &
  Partial<Pick<EventLogRecord, 'taskId' | 'runId' | 'logicalDate'>>;

/** The event log of one simulated Airflow: seeded history, then what its API is asked to do. */
export class EventLog {
  readonly records: EventLogRecord[] = [];
  private nextId = 1;

  record(input: EventLogInput): EventLogRecord {
    const record: EventLogRecord = {
      taskId: null,
      runId: null,
      logicalDate: null,
      mapIndex: null,
      tryNumber: null,
      ...input,
      id: this.nextId++,
    };
    this.records.push(record);
    return record;
  }
}

/**
 * Changes made in Airflow itself before the portal looked: a pause and an
 * unpause in the UI, and a CLI trigger whose command line carried a
 * password (to show that the portal redacts `extra`).
 */
export function seedEventLog(
  log: EventLog,
  dagIds: string[],
  bootTime: number,
  flavor: Flavor,
): void {
  const names = apiEventNames(flavor);
  const [first, second] = dagIds;
  if (!first) return;
  log.record({
    when: bootTime - 3 * HOUR,
    event: names.pause,
    owner: 'admin',
    dagId: first,
    extra: JSON.stringify({ is_paused: true }),
  });
  log.record({
    when: bootTime - 3 * HOUR + 20 * MINUTE,
    event: names.pause,
    owner: 'admin',
    dagId: first,
    extra: JSON.stringify({ is_paused: false }),
  });
  log.record({
    when: bootTime - HOUR,
    event: 'cli_dag_trigger',
    owner: 'ops-bot',
    dagId: second ?? first,
    // Airflow's CLI action logger: the host and the full command line.
    extra: JSON.stringify({
      host_name: 'airflow-worker-0',
      full_command: `['airflow', 'dags', 'trigger', '${
        second ?? first
      }', '--conf', '{"warehouse_password": "hunter2-demo"}']`,
    }),
  });
}
