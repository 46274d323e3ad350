/*
 * Parent side of bench/simulators.ts: forks it, sends it requests over IPC
 * and makes sure it does not outlive this process.
 */
import { ChildProcess, fork } from 'child_process';
import { resolve as resolvePath } from 'path';
import type {
  SimulatorReply,
  SimulatorReplyBodies,
  SimulatorRequest,
  SimulatorSpec,
} from './protocol';

/** Covers the child's start-up (node transform) and starting 50 servers. */
const REQUEST_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 5_000;

/** A simulator living in the child process. */
export interface RemoteSimulator {
  url: string;
  dagIds: string[];
  /** The simulator's own `stats().byRoute`. */
  byRoute(): Promise<Record<string, number>>;
  resetStats(): Promise<void>;
}

type Pending = {
  resolve: (body: any) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
};

type RequestOf<T extends SimulatorRequest['type']> = Omit<
  Extract<SimulatorRequest, { type: T }>,
  'id'
>;

export class SimulatorProcess {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private exited: Error | undefined;

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (reply: SimulatorReply) => {
      const pending = this.pending.get(reply.id);
      if (!pending) return;
      this.pending.delete(reply.id);
      clearTimeout(pending.timer);
      if (reply.ok) pending.resolve(reply.body);
      else pending.reject(new Error(`simulators: ${reply.error}`));
    });
    child.on('exit', (code, signal) => {
      this.exited = new Error(
        `simulator process exited (${signal ?? `code ${code}`})`,
      );
      for (const { reject, timer } of this.pending.values()) {
        clearTimeout(timer);
        reject(this.exited);
      }
      this.pending.clear();
    });
    child.on('error', error => {
      for (const { reject, timer } of this.pending.values()) {
        clearTimeout(timer);
        reject(error);
      }
      this.pending.clear();
    });
  }

  /** Forks bench/simulators.ts; it is killed when this process exits. */
  static start(): SimulatorProcess {
    const child = fork(resolvePath(__dirname, 'simulators.ts'), [], {
      execArgv: [
        '--require',
        require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      ],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const kill = () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
      }
    };
    process.on('exit', kill);
    child.on('exit', () => process.off('exit', kill));
    return new SimulatorProcess(child);
  }

  private request<T extends SimulatorRequest['type']>(
    request: RequestOf<T> & { type: T },
  ): Promise<SimulatorReplyBodies[T]> {
    if (this.exited) return Promise.reject(this.exited);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`simulators: no answer to ${request.type} in time`));
      }, REQUEST_TIMEOUT_MS);
      this.pending.set(id, { resolve, reject, timer });
      this.child.send({ ...request, id }, error => {
        if (error && this.pending.delete(id)) {
          clearTimeout(timer);
          reject(error);
        }
      });
    });
  }

  /** Starts simulated Airflow 3 servers on free ports in the child. */
  async startSimulators(specs: SimulatorSpec[]) {
    const { simulators } = await this.request({ type: 'start', specs });
    const ids = simulators.map(s => s.id);
    return {
      simulators: simulators.map(
        ({ id, url, dagIds }): RemoteSimulator => ({
          url,
          dagIds,
          byRoute: async () =>
            (await this.request({ type: 'stats', ids: [id] })).byRoute[0],
          resetStats: async () => {
            await this.request({ type: 'reset', ids: [id] });
          },
        }),
      ),
      close: async () => {
        await this.request({ type: 'close', ids });
      },
    };
  }

  /** Disconnects (the child then closes its servers and exits), killing it if it lingers. */
  async stop(): Promise<void> {
    const child = this.child;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>(resolve => child.once('exit', resolve));
    if (child.connected) child.disconnect();
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }
}
