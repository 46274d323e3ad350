import { HttpResponse, RequestContext } from '../../http/types';
import { problem } from './errors';

/*
 * Reading Airflow 2 requests the way its connexion/marshmallow layer does:
 * paging parameters, JSON bodies and the `*Form` bodies of the batch routes.
 * Each reader returns the value, or the 400 Airflow would answer.
 */

export const MAX_LIMIT = 100;

export const isResponse = (v: unknown): v is HttpResponse =>
  typeof v === 'object' &&
  v !== null &&
  'status' in v &&
  typeof (v as any).status === 'number' &&
  'body' in v;

/** Airflow 2 paging: default 100, 0 → default, above the maximum → clamped, negative → 400. */
export function paging(
  ctx: RequestContext,
): { limit: number; offset: number } | HttpResponse {
  const rawLimit = ctx.query.get('limit');
  const rawOffset = ctx.query.get('offset');
  for (const raw of [rawLimit, rawOffset]) {
    if (raw !== null && !/^-?\d+$/.test(raw))
      return problem(400, `'${raw}' is not of type 'integer'`);
  }
  let limit = rawLimit === null ? 100 : parseInt(rawLimit, 10);
  const offset = rawOffset === null ? 0 : parseInt(rawOffset, 10);
  if (limit < 0) return problem(400, 'Page limit must be a positive integer');
  if (offset < 0)
    return problem(400, `${offset} is less than the minimum of 0`);
  if (limit === 0) limit = 100;
  return { limit: Math.min(limit, MAX_LIMIT), offset };
}

export function jsonBody(
  ctx: RequestContext,
): Record<string, any> | HttpResponse {
  try {
    const v = JSON.parse(ctx.body.toString('utf8') || 'null');
    if (typeof v !== 'object' || v === null || Array.isArray(v))
      return problem(400, "None is not of type 'object'");
    return v;
  } catch {
    return problem(400, 'Request body is not valid JSON');
  }
}

/**
 * A JSON object body whose keys are all in `allowed`; otherwise the 400 that
 * Airflow 2's marshmallow schemas answer ("Unknown field.").
 */
export function formBody(
  ctx: RequestContext,
  allowed: readonly string[],
): Record<string, any> | HttpResponse {
  const body = jsonBody(ctx);
  if (isResponse(body)) return body;
  const unknown = Object.keys(body).find(k => !allowed.includes(k));
  return unknown ? problem(400, `{'${unknown}': ['Unknown field.']}`) : body;
}

/** The bounds both `List*Form`s take on a run's dates. */
export const DATE_BOUND_KEYS = [
  'execution_date_gte',
  'execution_date_lte',
  'start_date_gte',
  'start_date_lte',
  'end_date_gte',
  'end_date_lte',
];

/**
 * A `List*Form` body (the batch routes): `page_offset` (≥ 0), `page_limit`
 * (≥ 1, default 100, clamped to the maximum), the form's list fields and its
 * other keys. Anything else is the 400 marshmallow answers: an unknown key, a
 * list field that is not a list, paging the spec forbids.
 */
export function listForm(
  ctx: RequestContext,
  fields: { lists: readonly string[]; others: readonly string[] },
): { body: Record<string, any>; offset: number; limit: number } | HttpResponse {
  const body = formBody(ctx, [
    'page_offset',
    'page_limit',
    ...fields.lists,
    ...fields.others,
  ]);
  if (isResponse(body)) return body;
  const notList = fields.lists.find(
    k => body[k] !== undefined && !Array.isArray(body[k]),
  );
  if (notList) return problem(400, `{'${notList}': ['Not a valid list.']}`);
  const limit = body.page_limit ?? 100;
  if (!Number.isInteger(limit) || limit < 1)
    return problem(400, `${limit} is less than the minimum of 1`);
  const offset = body.page_offset ?? 0;
  if (!Number.isInteger(offset) || offset < 0)
    return problem(400, `${offset} is less than the minimum of 0`);
  return { body, offset, limit: Math.min(limit, MAX_LIMIT) };
}

export function orderError(field: string) {
  return problem(
    400,
    `Ordering with '${field}' is disallowed or the attribute does not exist on the model`,
  );
}
