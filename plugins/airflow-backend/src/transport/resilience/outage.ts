import { isUpstreamError } from '../errors';

/** Statuses that say the server or its proxy is not serving, not that the request was wrong. */
const OUTAGE_STATUSES = new Set([500, 502, 503, 504]);

/**
 * True for failures that say the environment is down (what the circuit
 * breaker counts): unreachable, hung, or answering 5xx. Throttling, refused
 * credentials, limits and the caller leaving do not.
 */
export function isOutage(error: unknown): boolean {
  if (!isUpstreamError(error)) return false;
  const { kind, status } = error.details;
  if (kind === 'network' || kind === 'timeout') return true;
  return kind === 'http' && status !== undefined && OUTAGE_STATUSES.has(status);
}
