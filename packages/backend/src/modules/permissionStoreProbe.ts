import type { DatabaseService } from '@backstage/backend-plugin-api';

type Knex = Awaited<ReturnType<DatabaseService['getClient']>>;

/** A probe that has not answered within this long counts as unreachable. */
export const PROBE_TIMEOUT_MS = 2_000;

/**
 * `select 1` on the permission plugin's own database: the same Knex client
 * (and pool) the RBAC policy reads through, so "reachable" means what the
 * policy needs. Concurrent probes share one query.
 */
export function storeProbe(
  getClient: () => Promise<Knex>,
  timeoutMs: number = PROBE_TIMEOUT_MS,
): () => Promise<boolean> {
  let inFlight: Promise<boolean> | undefined;
  const probe = async () => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<boolean>(resolve => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const answered = getClient()
      .then(knex => knex.raw('select 1'))
      .then(
        () => true,
        () => false,
      );
    try {
      return await Promise.race([answered, timedOut]);
    } finally {
      clearTimeout(timer);
    }
  };
  return () => {
    inFlight ??= probe().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };
}
