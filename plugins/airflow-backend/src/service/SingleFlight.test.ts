import {
  currentCallerSignal,
  withCallerSignal,
} from '../transport/resilience/callerSignal';
import { SingleFlight } from './SingleFlight';

/** A call that records the caller signal it ran under and settles when told. */
function heldCall() {
  const seen: Array<AbortSignal | undefined> = [];
  let finish!: (value: string) => void;
  const work = () => {
    seen.push(currentCallerSignal());
    return new Promise<string>(resolve => {
      finish = resolve;
    });
  };
  return { seen, work, finish: (v: string) => finish(v) };
}

describe('SingleFlight', () => {
  it('joins concurrent calls for one key into one', async () => {
    const flights = new SingleFlight();
    const call = heldCall();
    const a = flights.run('k', call.work);
    const b = flights.run('k', call.work);
    await Promise.resolve();
    call.finish('value');
    await expect(Promise.all([a, b])).resolves.toEqual(['value', 'value']);
    expect(call.seen).toHaveLength(1);
  });

  it('keeps the shared call alive while one caller still waits', async () => {
    const flights = new SingleFlight();
    const call = heldCall();
    const first = new AbortController();
    const second = new AbortController();
    const a = withCallerSignal(first.signal, () => flights.run('k', call.work));
    const b = withCallerSignal(second.signal, () =>
      flights.run('k', call.work),
    );
    await Promise.resolve();
    const shared = call.seen[0]!;
    expect(shared).not.toBe(first.signal);

    first.abort();
    expect(shared.aborted).toBe(false);
    second.abort();
    expect(shared.aborted).toBe(true);

    call.finish('late');
    await expect(Promise.all([a, b])).resolves.toEqual(['late', 'late']);
  });

  it('never cancels a call a caller without a signal waits for', async () => {
    const flights = new SingleFlight();
    const call = heldCall();
    const leaving = new AbortController();
    withCallerSignal(leaving.signal, () => flights.run('k', call.work));
    const staying = flights.run('k', call.work);
    await Promise.resolve();
    leaving.abort();
    expect(call.seen[0]!.aborted).toBe(false);
    call.finish('v');
    await expect(staying).resolves.toBe('v');
  });
});
