import { buildTaskLog, LogLine, visibleLineCount } from '../state/logs';
import { TaskInstanceView } from '../state/types';
import { SimEnv } from './env';

interface LogTokenPayload {
  log_pos: number;
  end_of_log: boolean;
  download_logs?: boolean;
}

export type LogPage =
  | {
      ok: true;
      lines: LogLine[];
      startPos: number;
      token: string;
      endOfLog: boolean;
    }
  | { ok: false; reason: 'bad_token' };

export interface TaskLogKey {
  dagId: string;
  runId: string;
  taskId: string;
  tryNumber: number;
  /** The continuation token the client sent back, if any. */
  token: string | undefined;
  fullContent: boolean;
}

/**
 * One page of a task try's log, or why there is none: an unknown task
 * instance or a try it has not reached (Airflow answers 404), or a token that
 * was not issued by this server (400 "Bad Signature").
 */
export function readTaskLog(
  env: SimEnv,
  key: TaskLogKey,
): LogPage | { ok: false; reason: 'not_found' } {
  const ti = env.store.findTaskInstance(key.dagId, key.runId, key.taskId);
  if (!ti || key.tryNumber < 1 || key.tryNumber > ti.tryNumber)
    return { ok: false, reason: 'not_found' };
  return readLogPage(env, ti, key.tryNumber, key.token, key.fullContent);
}

export const BAD_SIGNATURE =
  'Bad Signature. Please use only the tokens provided by the API.';

/**
 * One page of a task try's log. The continuation token is a signed `{log_pos, end_of_log}`
 * (like Airflow's URLSafeSerializer token); `end_of_log` once the try finished and all lines were read.
 */
export function readLogPage(
  env: SimEnv,
  ti: TaskInstanceView,
  tryNumber: number,
  token: string | undefined,
  fullContent: boolean,
): LogPage {
  let pos = 0;
  let download = fullContent;
  if (token) {
    const payload = env.store.signer.loads<LogTokenPayload>(token);
    if (!payload || typeof payload.log_pos !== 'number')
      return { ok: false, reason: 'bad_token' };
    pos = payload.log_pos;
    download = download || Boolean(payload.download_logs);
  }
  const all = buildTaskLog(ti, tryNumber, env.store.seed);
  const visible = visibleLineCount(ti, tryNumber, all.length);
  const finished =
    visible === all.length &&
    (tryNumber < ti.tryNumber || ti.state !== 'running');
  const end = download
    ? visible
    : Math.min(visible, pos + env.settings.logPageSize);
  const lines = all.slice(pos, end);
  const endOfLog = finished && end >= all.length;
  const next: LogTokenPayload = { log_pos: end, end_of_log: endOfLog };
  if (download) next.download_logs = true;
  return {
    ok: true,
    lines,
    startPos: pos,
    token: env.store.signer.dumps(next),
    endOfLog,
  };
}
