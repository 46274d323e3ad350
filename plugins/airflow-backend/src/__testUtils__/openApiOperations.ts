import { spec } from '../schema/openapi';

/*
 * Every operation of src/schema/openapi.yaml, read from the generated spec, so
 * that walks over "every route" (authentication, permissions, validation) are
 * built from the contract: a route added to the spec joins every walk.
 */

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

const METHODS: HttpMethod[] = ['get', 'post', 'put', 'patch', 'delete'];

export interface SpecParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  /** The spec's example: a value the operation accepts. */
  example?: unknown;
  schema: Record<string, unknown>;
}

export interface SpecOperation {
  operationId: string;
  method: HttpMethod;
  /** OpenAPI template, e.g. `/environments/{environment}`. */
  path: string;
  /** The same template as Express writes it, e.g. `/environments/:environment`. */
  expressPath: string;
  /** Changes something (anything but GET/HEAD); such attempts are audited. */
  isWrite: boolean;
  /** `x-airflow-permissions`: every permission the operation checks. */
  permissions: string[];
  /** `x-airflow-principals`: who may call it (default: users only). */
  principals: Array<'user' | 'service'>;
  /** Documented response statuses, e.g. `['200', '400', 'default']`. */
  statuses: string[];
  parameters: SpecParameter[];
  /** A valid value for every path parameter (the spec's examples, then overrides). */
  sampleParams: Record<string, string>;
  /** The spec's example body, for operations that take one. */
  sampleBody?: unknown;
  /** The path with `params` (default: `sampleParams`) URI-encoded into it. */
  url(params?: Record<string, string | number>): string;
}

type Json = Record<string, any>;

/** Follows a local `$ref` (`#/components/...`). */
function resolve<T = Json>(value: Json): T {
  const ref = value.$ref;
  if (typeof ref !== 'string') {
    return value as T;
  }
  const target = ref
    .replace(/^#\//, '')
    .split('/')
    .reduce<Json | undefined>((node, key) => node?.[key], spec as Json);
  if (!target) {
    throw new Error(`openapi.yaml: unresolved reference ${ref}`);
  }
  return resolve<T>(target);
}

function toExpressPath(path: string): string {
  return path.replace(/\{([^}]+)\}/g, ':$1');
}

function fillPath(path: string, params: Record<string, string | number>) {
  return path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    if (params[name] === undefined) {
      throw new Error(`No value for path parameter "${name}" of ${path}`);
    }
    return encodeURIComponent(String(params[name]));
  });
}

function readParameters(pathItem: Json, operation: Json): SpecParameter[] {
  // Operation-level parameters override path-level ones of the same name and place.
  const byKey = new Map<string, SpecParameter>();
  for (const raw of [
    ...(pathItem.parameters ?? []),
    ...(operation.parameters ?? []),
  ]) {
    const parameter = resolve<Json>(raw);
    byKey.set(`${parameter.in}:${parameter.name}`, {
      name: parameter.name,
      in: parameter.in,
      required: Boolean(parameter.required),
      example: parameter.example,
      schema: resolve(parameter.schema ?? {}),
    });
  }
  return [...byKey.values()];
}

/** `?name=example&…` of the required query parameters (their examples), or ''. */
function requiredQuery(parameters: SpecParameter[]): string {
  const required = parameters.filter(p => p.in === 'query' && p.required);
  if (required.length === 0) {
    return '';
  }
  const query = new URLSearchParams();
  for (const parameter of required) {
    if (parameter.example === undefined) {
      throw new Error(
        `openapi.yaml: required query parameter "${parameter.name}" needs an example`,
      );
    }
    query.set(parameter.name, String(parameter.example));
  }
  return `?${query}`;
}

/**
 * Every operation of the spec, in the spec's order.
 *
 * @param overrides - path parameter values to use instead of the spec's
 *   examples (e.g. the environment and entity a test backend knows).
 */
export function specOperations(
  overrides: Record<string, string> = {},
): SpecOperation[] {
  const operations: SpecOperation[] = [];
  for (const [path, rawPathItem] of Object.entries(spec.paths as Json)) {
    const pathItem = rawPathItem as Json;
    for (const method of METHODS) {
      const operation = pathItem[method] as Json | undefined;
      if (!operation) {
        continue;
      }
      const parameters = readParameters(pathItem, operation);
      const sampleParams: Record<string, string> = {};
      for (const parameter of parameters.filter(p => p.in === 'path')) {
        const value = overrides[parameter.name] ?? parameter.example;
        if (value === undefined) {
          throw new Error(
            `openapi.yaml: path parameter "${parameter.name}" of ${operation.operationId} needs an example`,
          );
        }
        sampleParams[parameter.name] = String(value);
      }
      const body = operation.requestBody
        ? resolve<Json>(operation.requestBody)
        : undefined;
      operations.push({
        operationId: operation.operationId,
        method,
        path,
        expressPath: toExpressPath(path),
        // Previews (dry runs) are POSTs that change nothing and are not recorded.
        isWrite: method !== 'get' && operation['x-airflow-audited'] !== false,
        permissions: [...(operation['x-airflow-permissions'] ?? [])],
        principals: [...(operation['x-airflow-principals'] ?? ['user'])],
        statuses: Object.keys(operation.responses ?? {}),
        parameters,
        sampleParams,
        sampleBody: body?.content?.['application/json']?.example,
        url: params =>
          fillPath(path, { ...sampleParams, ...params }) +
          requiredQuery(parameters),
      });
    }
  }
  return operations;
}
