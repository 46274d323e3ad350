/*
 * IPC messages between bench/run.ts (parent: backend and client) and
 * bench/simulators.ts (child: the simulated Airflow servers).
 */

/** One simulated Airflow 3 server to start. */
export interface SimulatorSpec {
  dagCount: number;
  latencyMs: number;
}

export interface StartedSimulator {
  id: number;
  url: string;
  dagIds: string[];
}

export type SimulatorRequest =
  | { id: number; type: 'start'; specs: SimulatorSpec[] }
  /** `stats().byRoute` of each simulator, in the order of `ids`. */
  | { id: number; type: 'stats'; ids: number[] }
  | { id: number; type: 'reset'; ids: number[] }
  | { id: number; type: 'close'; ids: number[] };

export interface SimulatorReplyBodies {
  start: { simulators: StartedSimulator[] };
  stats: { byRoute: Array<Record<string, number>> };
  reset: {};
  close: {};
}

export type SimulatorReply =
  | {
      id: number;
      ok: true;
      body: SimulatorReplyBodies[keyof SimulatorReplyBodies];
    }
  | { id: number; ok: false; error: string };
