import { UpstreamError } from '../transport/errors';

/*
 * Tolerant readers for upstream JSON. Airflow marks many fields nullable, older
 * servers omit newer fields and newer servers add fields: none of that may fail
 * a request. Only a body that is not the expected collection/object is an error.
 */

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function optString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function optNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value)
    ? value
    : undefined;
}

export function bool(value: unknown, fallback: boolean): boolean {
  return typeof value === 'boolean' ? value : fallback;
}

export function stringList(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : [];
}

/** Tag names from `[{name, …}]` (v1 `Tag`, v2 `DagTagResponse`). */
export function tagNames(value: unknown): string[] {
  return Array.isArray(value)
    ? value.flatMap(tag => {
        const name = isObject(tag) ? optString(tag.name) : undefined;
        return name === undefined ? [] : [name];
      })
    : [];
}

/** Reads `{ <key>: [...], total_entries }`; items that are not objects are dropped. */
export function readCollection(
  body: unknown,
  key: string,
  environment: string,
): { items: JsonObject[]; totalEntries: number } {
  const list = isObject(body) ? body[key] : undefined;
  if (!Array.isArray(list)) {
    throw malformed(environment, `expected a "${key}" list`);
  }
  const items = list.filter(isObject);
  const total = isObject(body) ? optNumber(body.total_entries) : undefined;
  return { items, totalEntries: total ?? items.length };
}

export function readObject(body: unknown, environment: string): JsonObject {
  if (!isObject(body)) {
    throw malformed(environment, 'expected a JSON object');
  }
  return body;
}

export function malformed(environment: string, what: string): UpstreamError {
  return new UpstreamError(
    `Airflow environment "${environment}" sent an unexpected answer: ${what}`,
    { environment, kind: 'malformed' },
  );
}
