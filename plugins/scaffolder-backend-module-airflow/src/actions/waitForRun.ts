import type { AirflowDagRun } from '@airflow-portal/plugin-airflow-common';

/** States after which a run changes no more. */
const TERMINAL_STATES: ReadonlySet<string> = new Set(['success', 'failed']);

export function isTerminal(run: Pick<AirflowDagRun, 'state'>): boolean {
  return TERMINAL_STATES.has(run.state);
}

export interface WaitOptions {
  /** The run as last known; polled again until terminal. */
  run: AirflowDagRun;
  /** The run as Airflow has it now; undefined while the list does not show it yet. */
  poll(): Promise<AirflowDagRun | undefined>;
  intervalMs: number;
  timeoutMs: number;
  /** The task's signal: a cancelled task stops waiting. */
  signal?: AbortSignal;
  /** Told each state change. */
  onState?(run: AirflowDagRun): void;
}

/**
 * Polls a run until it ends, the timeout passes or the task is cancelled.
 * Answers the last run seen and whether it ended; the caller decides what a
 * timeout means. Time is read from the timers (`Date.now`, `setTimeout`),
 * which tests replace with fake ones.
 */
export async function waitForRun(
  options: WaitOptions,
): Promise<{ run: AirflowDagRun; ended: boolean }> {
  const { poll, intervalMs, timeoutMs, signal, onState } = options;
  const deadline = Date.now() + timeoutMs;
  let run = options.run;
  while (!isTerminal(run)) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) return { run, ended: false };
    await sleep(Math.min(intervalMs, remaining), signal);
    const next = await poll();
    if (next && next.state !== run.state) onState?.(next);
    run = next ?? run;
  }
  return { run, ended: true };
}

/** The global timer (which tests fake), ended early by the task's cancellation. */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const pending: { timer?: ReturnType<typeof setTimeout> } = {};
    const onAbort = () => {
      clearTimeout(pending.timer);
      reject(signal!.reason);
    };
    pending.timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
