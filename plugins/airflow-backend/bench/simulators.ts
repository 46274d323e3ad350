/*
 * Child process of bench/run.ts: hosts the simulated Airflow servers so that
 * their CPU is not spent on the event loop (and core) of the backend being
 * measured. Started with `child_process.fork` and the node transform; answers
 * the requests of bench/protocol.ts over IPC. Stops by itself when the parent
 * goes away (IPC disconnect) or after MAX_LIFETIME_MS.
 */
import {
  AirflowSimulator,
  startAirflowSimulator,
} from '@airflow-portal/airflow-simulator';
import type {
  SimulatorReply,
  SimulatorReplyBodies,
  SimulatorRequest,
} from './protocol';

const MAX_LIFETIME_MS = 10 * 60_000;
const CLOSE_TIMEOUT_MS = 5_000;

const simulators = new Map<number, AirflowSimulator>();
let nextId = 1;

function simulator(id: number): AirflowSimulator {
  const sim = simulators.get(id);
  if (!sim) throw new Error(`no simulator ${id}`);
  return sim;
}

async function closeSimulators(ids: number[]) {
  await Promise.all(
    ids.map(async id => {
      const sim = simulator(id);
      simulators.delete(id);
      await sim.close();
    }),
  );
}

async function handle(
  request: SimulatorRequest,
): Promise<SimulatorReplyBodies[SimulatorRequest['type']]> {
  switch (request.type) {
    case 'start': {
      const started = await Promise.all(
        request.specs.map(spec =>
          startAirflowSimulator({
            flavor: 'airflow3',
            port: 0,
            dagCount: spec.dagCount,
            latencyMs: spec.latencyMs,
          }),
        ),
      );
      return {
        simulators: started.map(sim => {
          const id = nextId++;
          simulators.set(id, sim);
          return {
            id,
            url: sim.url,
            dagIds: sim.state.dagList().map(d => d.dagId),
          };
        }),
      };
    }
    case 'stats':
      return { byRoute: request.ids.map(id => simulator(id).stats().byRoute) };
    case 'reset':
      request.ids.forEach(id => simulator(id).resetStats());
      return {};
    case 'close':
      await closeSimulators(request.ids);
      return {};
    default:
      throw new Error(`unknown request ${JSON.stringify(request)}`);
  }
}

let stopping = false;
function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  setTimeout(() => process.exit(code), CLOSE_TIMEOUT_MS).unref();
  closeSimulators([...simulators.keys()]).finally(() => process.exit(code));
}

if (!process.send) {
  console.error('bench/simulators.ts is started by bench/run.ts (needs IPC)');
  process.exit(2);
}

process.on('message', (request: SimulatorRequest) => {
  handle(request).then(
    body =>
      process.send?.({
        id: request.id,
        ok: true,
        body,
      } satisfies SimulatorReply),
    error =>
      process.send?.({
        id: request.id,
        ok: false,
        error: String(error?.stack ?? error),
      } satisfies SimulatorReply),
  );
});
process.on('disconnect', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));
setTimeout(() => {
  console.error(`bench/simulators.ts: stopping after ${MAX_LIFETIME_MS} ms`);
  shutdown(3);
}, MAX_LIFETIME_MS).unref();
