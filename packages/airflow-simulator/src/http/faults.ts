import { Prng } from '../util/prng';

export type FaultType =
  | 'status'
  | 'hang'
  | 'malformed'
  | 'reset'
  | 'delay'
  | 'large';

export interface FaultSpec {
  /** What to do; defaults to `status` when `status` is given. */
  type?: FaultType;
  /** Glob (`*` = anything) on the route template or raw path, optionally prefixed by a method: `GET /api/v2/dags*`. */
  route?: string;
  method?: string;
  /** HTTP status for `status` faults (e.g. 500, 502, 503, 429). */
  status?: number;
  /** Optional response body for `status` faults (defaults to the flavour's error shape). */
  body?: unknown;
  /** Extra delay for `delay` faults. */
  delayMs?: number;
  /** `Retry-After` in seconds of a `status` fault (429 defaults to 1; other statuses send none unless given). */
  retryAfterSeconds?: number;
  /** Size in bytes of the 200 JSON answer of a `large` fault (default 7 MiB: above MWAA's 6 MB). */
  bytes?: number;
  /** How many matching requests to affect (default: unlimited). */
  count?: number;
  /** Chance (0..1) that a matching request is affected (default 1). */
  probability?: number;
}

export interface ActiveFault extends FaultSpec {
  id: number;
  type: FaultType;
  hits: number;
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob
    .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`);
}

/** Faults are matched in insertion order; the first applicable one wins. */
export class FaultInjector {
  private faults: ActiveFault[] = [];
  private nextId = 1;
  private readonly prng: Prng;

  constructor(seed: string) {
    this.prng = new Prng(`faults:${seed}`);
  }

  add(specs: FaultSpec | FaultSpec[]): ActiveFault[] {
    const added = (Array.isArray(specs) ? specs : [specs]).map(spec => {
      const type: FaultType = spec.type ?? (spec.status ? 'status' : 'status');
      if (type === 'status' && !spec.status)
        throw new Error('a status fault needs `status`');
      if (
        !['status', 'hang', 'malformed', 'reset', 'delay', 'large'].includes(
          type,
        )
      ) {
        throw new Error(`unknown fault type ${type}`);
      }
      return { ...spec, type, id: this.nextId++, hits: 0 };
    });
    this.faults.push(...added);
    return added;
  }

  set(specs: FaultSpec[]): ActiveFault[] {
    this.faults = [];
    return this.add(specs);
  }

  clear(): void {
    this.faults = [];
  }

  list(): ActiveFault[] {
    return this.faults.map(f => ({ ...f }));
  }

  /** Picks the fault for a request (and consumes one of its `count`), if any. */
  take(
    method: string,
    template: string,
    rawPath: string,
  ): ActiveFault | undefined {
    for (const fault of this.faults) {
      if (fault.count !== undefined && fault.hits >= fault.count) continue;
      if (fault.method && fault.method.toUpperCase() !== method) continue;
      if (fault.route) {
        const re = globToRegExp(fault.route);
        const candidates = [
          template,
          rawPath,
          `${method} ${template}`,
          `${method} ${rawPath}`,
        ];
        if (!candidates.some(c => re.test(c))) continue;
      }
      if (
        fault.probability !== undefined &&
        this.prng.next() >= fault.probability
      )
        continue;
      fault.hits++;
      return fault;
    }
    return undefined;
  }
}
