import {
  hasControlCharacters,
  isDotSegment,
} from '@airflow-portal/plugin-airflow-common';

/**
 * Whether `path` has the shape of a path the adapter builds (see api/upstreamPath.ts): absolute, segments
 * neither empty nor `.`/`..` (plain or percent-encoded), no query, fragment,
 * backslash, blank or control character. The transports check every path
 * (MWAA's `Path` included) before sending it.
 */
export function isSafeUpstreamPath(path: string): boolean {
  if (
    !path.startsWith('/') ||
    /[?#\\\s]/.test(path) ||
    hasControlCharacters(path)
  ) {
    return false;
  }
  return path
    .slice(1)
    .split('/')
    .every(part => {
      const decoded = part.replace(/%2e/gi, '.');
      return part !== '' && !isDotSegment(decoded);
    });
}
