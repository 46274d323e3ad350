/** Separate bulkheads, so a hung read never delays an action or a health check. */
export type UpstreamLane = 'read' | 'write' | 'health';

/** What the portal knows of an environment's reachability from its own calls. */
export interface UpstreamReachability {
  /** `open`: the environment failed repeatedly and calls fail fast until a probe succeeds. */
  circuit: 'closed' | 'open' | 'half-open';
  /** Epoch ms of the last call Airflow answered. */
  lastSuccessAt?: number;
  /** Epoch ms of the first outage failure since the last success. */
  unreachableSince?: number;
  /** The last outage failure, in one line. */
  lastFailure?: string;
}
