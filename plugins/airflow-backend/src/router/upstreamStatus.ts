import type { UpstreamErrorDetails } from '../transport/errors';

/**
 * The status the portal answers with when Airflow failed. Airflow's answers
 * about the request itself pass through (404, 409, 400/422 → 400); a request
 * the connection cannot carry (MWAA's 64-character Path, its 6 MB answer) is
 * 422: retrying will not help. Problems between the backend and Airflow are
 * gateway errors, never 401/403, because the browser's own credentials were
 * fine.
 */
export function httpStatusForUpstream(details: UpstreamErrorDetails): number {
  switch (details.kind) {
    case 'timeout':
      return 504;
    case 'throttled':
      return 503;
    case 'limit':
      return 422;
    case 'http':
      break;
    default:
      // auth, network, malformed
      return 502;
  }
  switch (details.status) {
    case 400:
    case 422:
      return 400;
    case 404:
      return 404;
    case 409:
      return 409;
    case 429:
      return 503;
    default:
      return 502;
  }
}
