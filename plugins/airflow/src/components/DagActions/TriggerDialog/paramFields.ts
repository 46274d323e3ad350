import type { AirflowDagParam } from '@airflow-portal/plugin-airflow-common';
import { fromLocalInput, toLocalInput } from '../../display/localDateTime';

export type ParamKind =
  | 'string'
  | 'number'
  | 'integer'
  | 'boolean'
  | 'enum'
  | 'string-array'
  | 'date'
  | 'date-time'
  /** Objects, mixed arrays and anything else: edited as JSON text. */
  | 'json';

export interface ParamField {
  name: string;
  label: string;
  kind: ParamKind;
  description?: string;
  required: boolean;
  /** For `enum`: the allowed values; the form stores the index. */
  options?: unknown[];
  schema: Record<string, unknown>;
}

/** Text for every kind but boolean, whose switch holds a boolean. */
export type FormValues = Record<string, string | boolean>;

function schemaTypes(schema: Record<string, unknown>): string[] {
  const type = schema.type;
  if (typeof type === 'string') return [type];
  if (Array.isArray(type)) return type.filter(t => typeof t === 'string');
  return [];
}

function inferredKind(value: unknown): ParamKind {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  return 'json';
}

function kindOf(param: AirflowDagParam): ParamKind {
  const { schema } = param;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return 'enum';
  const type = schemaTypes(schema).find(t => t !== 'null');
  switch (type) {
    case 'string':
      if (schema.format === 'date') return 'date';
      if (schema.format === 'date-time') return 'date-time';
      return 'string';
    case 'number':
    case 'integer':
    case 'boolean':
      return type;
    case 'array': {
      const items = schema.items as Record<string, unknown> | undefined;
      return !items || items.type === 'string' ? 'string-array' : 'json';
    }
    case undefined:
      return inferredKind(param.value);
    default:
      return 'json';
  }
}

/**
 * The form fields of a DAG's params. A param is required when its schema names
 * a type without `null` (Airflow rejects a run without a value for it).
 */
export function fieldsFromParams(
  params: Record<string, AirflowDagParam>,
): ParamField[] {
  return Object.entries(params).map(([name, param]) => {
    const types = schemaTypes(param.schema);
    const kind = kindOf(param);
    return {
      name,
      label: typeof param.schema.title === 'string' ? param.schema.title : name,
      kind,
      description:
        param.description ??
        (typeof param.schema.description === 'string'
          ? param.schema.description
          : undefined),
      required: types.length > 0 && !types.includes('null'),
      options: kind === 'enum' ? (param.schema.enum as unknown[]) : undefined,
      schema: param.schema,
    };
  });
}

/** The form value of a conf value (a param's default, or conf from the JSON tab). */
export function toFormValue(
  field: ParamField,
  value: unknown,
): string | boolean {
  if (value === undefined || value === null) {
    return field.kind === 'boolean' ? false : '';
  }
  switch (field.kind) {
    case 'boolean':
      return value === true;
    case 'enum': {
      const index = field.options!.findIndex(
        option => JSON.stringify(option) === JSON.stringify(value),
      );
      return index < 0 ? '' : String(index);
    }
    case 'string-array':
      return Array.isArray(value)
        ? value.map(String).join('\n')
        : String(value);
    case 'date-time':
      return toLocalInput(value);
    case 'json':
      return JSON.stringify(value, null, 2);
    default:
      return String(value);
  }
}

export function initialFormValues(
  fields: ParamField[],
  params: Record<string, AirflowDagParam>,
): FormValues {
  return Object.fromEntries(
    fields.map(field => [
      field.name,
      toFormValue(field, params[field.name]?.value),
    ]),
  );
}

export function formValuesFromConf(
  fields: ParamField[],
  conf: Record<string, unknown>,
  previous: FormValues,
): FormValues {
  return Object.fromEntries(
    fields.map(field => [
      field.name,
      field.name in conf
        ? toFormValue(field, conf[field.name])
        : previous[field.name],
    ]),
  );
}

type Converted = { value: unknown; error?: undefined } | { error: string };

function checkNumber(field: ParamField, text: string): Converted {
  const value = Number(text);
  if (!Number.isFinite(value)) return { error: 'Enter a number' };
  if (field.kind === 'integer' && !Number.isInteger(value)) {
    return { error: 'Enter a whole number' };
  }
  const { minimum, maximum } = field.schema;
  if (typeof minimum === 'number' && value < minimum) {
    return { error: `At least ${minimum}` };
  }
  if (typeof maximum === 'number' && value > maximum) {
    return { error: `At most ${maximum}` };
  }
  return { value };
}

function checkString(field: ParamField, text: string): Converted {
  const { minLength, maxLength, pattern } = field.schema;
  if (typeof minLength === 'number' && text.length < minLength) {
    return { error: `At least ${minLength} characters` };
  }
  if (typeof maxLength === 'number' && text.length > maxLength) {
    return { error: `At most ${maxLength} characters` };
  }
  if (typeof pattern === 'string') {
    try {
      if (!new RegExp(pattern, 'u').test(text)) {
        return { error: `Must match ${pattern}` };
      }
    } catch {
      // A pattern JavaScript cannot read is left to Airflow's validation.
    }
  }
  return { value: text };
}

/** The conf value of one field, or why the input is not acceptable. */
export function convertField(
  field: ParamField,
  input: string | boolean,
): Converted {
  if (field.kind === 'boolean') {
    return { value: input === true };
  }
  const text = String(input);
  if (!text.trim()) {
    return field.required ? { error: 'Required' } : { value: null };
  }
  switch (field.kind) {
    case 'number':
    case 'integer':
      return checkNumber(field, text.trim());
    case 'enum':
      return { value: field.options![Number(text)] };
    case 'string-array':
      return {
        value: text
          .split('\n')
          .map(line => line.trim())
          .filter(Boolean),
      };
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(text)
        ? { value: text }
        : { error: 'Enter a date' };
    case 'date-time': {
      const iso = fromLocalInput(text);
      return iso ? { value: iso } : { error: 'Enter a date and time' };
    }
    case 'json':
      try {
        return { value: JSON.parse(text) };
      } catch (error) {
        return { error: `Invalid JSON: ${(error as Error).message}` };
      }
    default:
      return checkString(field, text);
  }
}

/** conf from the form, or the error of each field that is not acceptable. */
export function confFromForm(
  fields: ParamField[],
  values: FormValues,
): { conf: Record<string, unknown>; errors: Record<string, string> } {
  const conf: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const field of fields) {
    const result = convertField(field, values[field.name]);
    if (result.error !== undefined) {
      errors[field.name] = result.error;
    } else {
      conf[field.name] = result.value;
    }
  }
  return { conf, errors };
}
