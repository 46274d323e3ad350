import { IncomingMessage } from 'http';

export interface RequestContext {
  req: IncomingMessage;
  method: string;
  /** Raw (still percent-encoded) path, as received. */
  rawPath: string;
  path: string;
  query: URLSearchParams;
  /** Decoded path parameters of the matched route. */
  params: Record<string, string>;
  body: Buffer;
  /** Route template, e.g. `/api/v2/dags/{dag_id}`; the raw path when nothing matched. */
  template: string;
}

export interface HttpResponse {
  status: number;
  /** Serialised as JSON unless `raw` is given. */
  body?: unknown;
  raw?: string | Buffer;
  headers?: Record<string, string>;
}

export type Handler = (
  ctx: RequestContext,
) => HttpResponse | Promise<HttpResponse>;

export function json(
  status: number,
  body: unknown,
  headers?: Record<string, string>,
): HttpResponse {
  return { status, body, headers };
}
