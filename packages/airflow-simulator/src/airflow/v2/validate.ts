import { HttpResponse, RequestContext } from '../../http/types';
import { ValidationItem } from '../query';
import { parseAwareDate } from '../../util/time';

/** FastAPI error bodies. */
export const detail = (status: number, message: unknown): HttpResponse => ({
  status,
  body: { detail: message },
});

export const validationError = (items: ValidationItem[]): HttpResponse => ({
  status: 422,
  body: { detail: items },
});

export type FieldType =
  | 'bool'
  | 'str'
  | 'int'
  | 'number'
  | 'datetime'
  | 'dict'
  | 'strList'
  | 'stateList'
  | 'tiStateList'
  /** Any JSON; the handler checks it. */
  | 'json';

export interface BodySchema {
  fields: Record<string, { type: FieldType; nullable?: boolean; min?: number }>;
  required?: string[];
  /** Unknown fields are ignored (Airflow's non-strict `BaseModel`) instead of a 422. */
  allowExtra?: boolean;
}

const RUN_STATES = ['queued', 'running', 'success', 'failed'];
/** `TaskInstanceState` of the v2 spec. */
export const TI_STATES = [
  'removed',
  'scheduled',
  'queued',
  'running',
  'success',
  'restarting',
  'failed',
  'up_for_retry',
  'up_for_reschedule',
  'upstream_failed',
  'skipped',
  'deferred',
];

function enumMessage(values: string[]): string {
  const quoted = values.map(v => `'${v}'`);
  return `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
}

function checkField(
  name: string,
  value: unknown,
  spec: BodySchema['fields'][string],
): ValidationItem | undefined {
  const loc = ['body', name];
  if (value === null) {
    return spec.nullable
      ? undefined
      : {
          type: `${spec.type}_type`,
          loc,
          msg: 'Input should not be None',
          input: null,
        };
  }
  switch (spec.type) {
    case 'bool':
      return typeof value === 'boolean'
        ? undefined
        : {
            type: 'bool_type',
            loc,
            msg: 'Input should be a valid boolean',
            input: value,
          };
    case 'str':
      return typeof value === 'string'
        ? undefined
        : {
            type: 'string_type',
            loc,
            msg: 'Input should be a valid string',
            input: value,
          };
    case 'int':
      if (typeof value !== 'number' || !Number.isInteger(value)) {
        return {
          type: 'int_type',
          loc,
          msg: 'Input should be a valid integer',
          input: value,
        };
      }
      if (spec.min !== undefined && value < spec.min) {
        return {
          type: 'greater_than_equal',
          loc,
          msg: `Input should be greater than or equal to ${spec.min}`,
          input: value,
          ctx: { ge: spec.min },
        };
      }
      return undefined;
    case 'number':
      return typeof value === 'number'
        ? undefined
        : {
            type: 'float_type',
            loc,
            msg: 'Input should be a valid number',
            input: value,
          };
    case 'datetime': {
      if (typeof value !== 'string') {
        return {
          type: 'datetime_type',
          loc,
          msg: 'Input should be a valid datetime',
          input: value,
        };
      }
      if (parseAwareDate(value) !== undefined) return undefined;
      if (!Number.isNaN(Date.parse(value))) {
        return {
          type: 'timezone_aware',
          loc,
          msg: 'Input should have timezone info',
          input: value,
        };
      }
      return {
        type: 'datetime_from_date_parsing',
        loc,
        msg: 'Input should be a valid datetime or date, invalid character in year',
        input: value,
        ctx: { error: 'invalid character in year' },
      };
    }
    case 'dict':
      return typeof value === 'object' && !Array.isArray(value)
        ? undefined
        : {
            type: 'dict_type',
            loc,
            msg: 'Input should be a valid dictionary',
            input: value,
          };
    case 'strList':
    case 'stateList':
    case 'tiStateList': {
      if (!Array.isArray(value))
        return {
          type: 'list_type',
          loc,
          msg: 'Input should be a valid list',
          input: value,
        };
      const allowed = spec.type === 'tiStateList' ? TI_STATES : RUN_STATES;
      const bad = value.findIndex(v =>
        spec.type === 'strList'
          ? typeof v !== 'string'
          : v !== null && !allowed.includes(v),
      );
      if (bad < 0) return undefined;
      return spec.type === 'strList'
        ? {
            type: 'string_type',
            loc: [...loc, bad],
            msg: 'Input should be a valid string',
            input: value[bad],
          }
        : {
            type: 'enum',
            loc: [...loc, bad],
            msg: `Input should be ${enumMessage(allowed)}`,
            input: value[bad],
            ctx: { expected: enumMessage(allowed) },
          };
    }
    default:
      return undefined;
  }
}

/**
 * Validates a JSON body against a pydantic-like model with `extra="forbid"`.
 * Returns the object, or a 422 response in FastAPI's HTTPValidationError shape.
 */
export function parseBody(
  ctx: RequestContext,
  schema: BodySchema,
):
  | { ok: true; value: Record<string, any> }
  | { ok: false; response: HttpResponse } {
  const text = ctx.body.toString('utf8');
  if (text.trim() === '') {
    return {
      ok: false,
      response: validationError([
        { type: 'missing', loc: ['body'], msg: 'Field required', input: null },
      ]),
    };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return {
      ok: false,
      response: validationError([
        {
          type: 'json_invalid',
          loc: ['body', 0],
          msg: 'JSON decode error',
          input: {},
          ctx: { error: 'Expecting value' },
        },
      ]),
    };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {
      ok: false,
      response: validationError([
        {
          type: 'model_attributes_type',
          loc: ['body'],
          msg: 'Input should be a valid dictionary or object to extract fields from',
          input: value,
        },
      ]),
    };
  }
  const obj = value as Record<string, unknown>;
  const errors: ValidationItem[] = [];
  for (const name of schema.required ?? []) {
    if (!(name in obj))
      errors.push({
        type: 'missing',
        loc: ['body', name],
        msg: 'Field required',
        input: obj,
      });
  }
  for (const [name, v] of Object.entries(obj)) {
    const spec = schema.fields[name];
    if (!spec && schema.allowExtra) continue;
    if (!spec) {
      errors.push({
        type: 'extra_forbidden',
        loc: ['body', name],
        msg: 'Extra inputs are not permitted',
        input: v,
      });
      continue;
    }
    const err = checkField(name, v, spec);
    if (err) errors.push(err);
  }
  if (errors.length > 0)
    return { ok: false, response: validationError(errors) };
  return { ok: true, value: obj };
}
