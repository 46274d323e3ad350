/*
 * The Airflow 3 restart case of `yarn bench`: an API server that restarts
 * with a new JWT signing secret answers 403 "Invalid JWT token" to the token
 * the backend holds. Measures how the next request fares (goal: it succeeds)
 * and how many token exchanges the recovery costs (goal: exactly one), also
 * with many concurrent requests arriving at once after the restart.
 */
import type { Server } from 'node:http';
import request from 'supertest';
import type { RemoteSimulator, SimulatorProcess } from './simulatorProcess';

export interface RestartCaseOptions {
  simulators: SimulatorProcess;
  latencyMs: number;
  auth: Record<string, string>;
  /** run.ts's portal with one environment `prod` on `sim`, without caching. */
  startPortal(
    sim: RemoteSimulator,
  ): Promise<{ server: Server; stop(): Promise<void> }>;
}

const CONCURRENT = 50;

export async function airflowRestartCase(
  options: RestartCaseOptions,
): Promise<string[]> {
  const started = await options.simulators.startSimulators([
    { dagCount: 10, latencyMs: options.latencyMs },
  ]);
  const [sim] = started.simulators;
  const portal = await options.startPortal(sim);
  // Each read asks for another page: no cache or coalescing answers it.
  let page = 0;
  const read = () =>
    request(portal.server)
      .get(
        `/api/airflow/environments/prod/import-errors?limit=1&offset=${++page}`,
      )
      .set(options.auth);
  const tokenExchanges = async () =>
    (await sim.byRoute())['POST /auth/token'] ?? 0;
  const restart = () =>
    fetch(`${sim.url}/_simulator/restart`, { method: 'POST' });
  try {
    await read(); // the token before the restart
    const normal = await timed(read);

    await sim.resetStats();
    await restart();
    const next = await timed(read);
    const nextExchanges = await tokenExchanges();

    await sim.resetStats();
    await restart();
    const crowd = await timed(() =>
      Promise.all(Array.from({ length: CONCURRENT }, read)),
    );
    const crowdExchanges = await tokenExchanges();
    const crowdFailed = crowd.result.filter(r => r.status !== 200).length;

    return [
      `  a read before the restart: ${Math.round(normal.ms)} ms`,
      `  the next read after the restart: status ${
        next.result.status
      } in ${Math.round(next.ms)} ms, ${nextExchanges} new token exchange(s)`,
      `  ${CONCURRENT} concurrent reads after the restart: ${
        CONCURRENT - crowdFailed
      } succeeded in ${Math.round(
        crowd.ms,
      )} ms, ${crowdExchanges} new token exchange(s)`,
    ];
  } finally {
    await portal.stop();
    await started.close();
  }
}

async function timed<T>(work: () => Promise<T>) {
  const startedAt = performance.now();
  const result = await work();
  return { result, ms: performance.now() - startedAt };
}
