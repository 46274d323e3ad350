import {
  AirflowSimulator,
  AirflowSimulatorOptions,
  startAirflowSimulator,
} from '../airflow/simulator';
import { basic, call } from './client';

/**
 * An Airflow 2 simulator for the enclosing `describe`: started before its
 * tests, closed after, with a frozen clock so that nothing a test reads moves
 * while it runs. `get` and `send` carry the default user's basic auth.
 */
export function airflow2ForTests(
  seed: string,
  options: Partial<AirflowSimulatorOptions> = {},
) {
  let sim: AirflowSimulator | undefined;
  beforeAll(async () => {
    sim = await startAirflowSimulator({
      flavor: 'airflow2',
      seed,
      frozenClock: true,
      ...options,
    });
  });
  afterAll(() => sim?.close());
  const started = () => {
    if (!sim) throw new Error('The simulator starts in beforeAll');
    return sim;
  };
  return {
    get sim() {
      return started();
    },
    get: (path: string, headers: Record<string, string> = {}) =>
      call(started().url, 'GET', path, { headers: { ...basic(), ...headers } }),
    send: (method: string, path: string, body: unknown) =>
      call(started().url, method, path, { headers: basic(), body }),
  };
}
