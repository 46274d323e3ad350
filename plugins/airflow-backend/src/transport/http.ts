import type { QueryValue } from './types';
import {
  type CallContext,
  httpFailure,
  limitFailure,
  malformedFailure,
  networkFailure,
} from './errors';

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
}

/**
 * One HTTP exchange: maps a failed fetch (refused, reset, DNS, aborted) to a
 * `network` UpstreamError and, with `maxBytes`, refuses bodies above it
 * without buffering them. Abort/timeout classification is up to the caller,
 * which knows which signal fired.
 *
 * Redirects are never followed: every call carries credentials (a password
 * to `/auth/token`, a bearer token, a SigV4 signature), and following a 307
 * would send them wherever the answer points. A 3xx is an error that does
 * not repeat the location.
 */
export async function sendHttp(
  fetchImpl: typeof fetch,
  url: string,
  init: RequestInit,
  ctx: CallContext,
  maxBytes?: number,
): Promise<RawResponse> {
  let response: Response;
  try {
    response = await fetchImpl(url, { ...init, redirect: 'manual' });
  } catch (error) {
    throw networkFailure(ctx, error);
  }
  if (response.status >= 300 && response.status < 400) {
    response.body?.cancel().catch(() => {});
    throw httpFailure(
      ctx,
      response.status,
      'Airflow answered with a redirect, which the portal does not follow with credentials: configure the final URL',
    );
  }
  try {
    const text =
      maxBytes === undefined
        ? await response.text()
        : await readLimited(response, maxBytes, ctx);
    return { status: response.status, headers: response.headers, text };
  } catch (error) {
    if (error instanceof Error && error.name === 'UpstreamError') throw error;
    throw networkFailure(ctx, error);
  }
}

async function readLimited(
  response: Response,
  maxBytes: number,
  ctx: CallContext,
): Promise<string> {
  const tooLarge = () =>
    limitFailure(ctx, `response larger than ${formatBytes(maxBytes)}`, {
      status: response.status,
    });
  const length = response.headers.get('content-length');
  const declared = length === null ? NaN : Number(length);
  if (declared > maxBytes) {
    // Not awaited: some bodies only settle the cancel once fully consumed.
    response.body?.cancel().catch(() => {});
    throw tooLarge();
  }
  if (!response.body) return '';
  const encoding = response.headers.get('content-encoding');
  if (Number.isInteger(declared) && (!encoding || encoding === 'identity')) {
    // Uncompressed and within the limit as declared, and fetch reads no
    // more than the Content-Length: read whole, without a chunk-by-chunk
    // loop. (A compressed body's length says nothing of what it unpacks to.)
    // Checked again once read, for a fetch that does not hold to it.
    const body = await response.arrayBuffer();
    if (body.byteLength > maxBytes) throw tooLarge();
    return Buffer.from(body).toString('utf8');
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function formatBytes(n: number): string {
  return n % (1024 * 1024) === 0 ? `${n / (1024 * 1024)} MB` : `${n} bytes`;
}

/** Parses a success body; empty (204) is `undefined`, anything but JSON is `malformed`. */
export function parseJsonBody(
  text: string,
  ctx: CallContext,
  status: number,
): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw malformedFailure(
      ctx,
      `with a body that is not JSON (status ${status})`,
      status,
    );
  }
}

/** Parses an error body if it is JSON; proxies' HTML error pages become undefined. */
export function tryParseJson(text: string): unknown {
  try {
    return text.trim() === '' ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Appends query parameters, arrays as repeated keys; undefined values are dropped. */
export function appendQuery(
  url: URL,
  query: Record<string, QueryValue | QueryValue[] | undefined> | undefined,
): URL {
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) {
      url.searchParams.append(key, String(v));
    }
  }
  return url;
}
