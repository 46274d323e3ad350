import type { AirflowDagParam } from '@airflow-portal/plugin-airflow-common';
import type { RJSFSchema, UiSchema } from '@rjsf/utils';

type JsonSchema = Record<string, unknown>;

/**
 * The form of a set of Airflow params (a DAG's, to trigger a run; an
 * approval's): a JSON schema with one property per param, for
 * react-jsonschema-form.
 */
export interface ParamsFormModel {
  schema: RJSFSchema;
  uiSchema: UiSchema;
  /** The params, in their order. */
  names: string[];
  /** Params whose type excludes `null`: Airflow refuses a run without a value for them. */
  required: Set<string>;
  /** Params edited as JSON text: free-form objects, arrays of mixed items, several types, no type. */
  jsonText: Set<string>;
  /** Params shown as a checkbox: no value means false. */
  booleans: Set<string>;
}

/** What the form holds: each param's value, or the text of a param edited as JSON. */
export type ParamsFormData = Record<string, unknown>;

const SIMPLE_TYPES = new Set(['string', 'number', 'integer', 'boolean']);

const isObject = (value: unknown): value is JsonSchema =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const hasOwn = (object: object, key: string) =>
  Object.prototype.hasOwnProperty.call(object, key);

function typesOf(schema: JsonSchema): string[] {
  const { type } = schema;
  if (typeof type === 'string') return [type];
  if (Array.isArray(type)) return type.filter(t => typeof t === 'string');
  return [];
}

/** The type of an untyped param, after its value; undefined when the value is no scalar. */
function typeOfValue(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
      return typeof value;
    default:
      return undefined;
  }
}

/** The items' schema when the form can show the array as a list of inputs. */
function listItems(schema: JsonSchema, value: unknown): JsonSchema | undefined {
  const { items } = schema;
  if (items === undefined) {
    // Airflow's own form shows an untyped list as one string per line.
    const strings =
      value === undefined ||
      value === null ||
      (Array.isArray(value) && value.every(item => typeof item === 'string'));
    return strings ? { type: 'string' } : undefined;
  }
  if (!isObject(items)) return undefined;
  const [itemType, ...others] = typesOf(items);
  if (others.length === 0 && SIMPLE_TYPES.has(itemType)) return items;
  if (Array.isArray(items.enum)) return items;
  if (itemType === 'object' && isObject(items.properties)) return items;
  return undefined;
}

interface ParamField {
  schema: JsonSchema;
  uiSchema?: UiSchema;
  required: boolean;
  jsonText: boolean;
  boolean: boolean;
}

/**
 * One param's field. Nullable types lose their `null` (an empty input means
 * null, see `paramValuesOf`), `default` goes (the form starts from the param's
 * value, and the library would put a default back into a field the user
 * cleared), and `format: multiline`, Airflow's own, becomes a text area.
 */
function fieldOf(name: string, param: AirflowDagParam): ParamField {
  const source = param.schema;
  const types = typesOf(source);
  const nonNull = types.filter(t => t !== 'null');
  const hasEnum = Array.isArray(source.enum) && source.enum.length > 0;
  const title = typeof source.title === 'string' ? source.title : name;
  const description =
    param.description ??
    (typeof source.description === 'string' ? source.description : undefined);
  const required = nonNull.length > 0 && nonNull.length === types.length;

  let type: string | undefined = nonNull.length === 1 ? nonNull[0] : undefined;
  if (types.length === 0 && !hasEnum) type = typeOfValue(param.value);
  const items = type === 'array' ? listItems(source, param.value) : undefined;
  const asJsonText =
    nonNull.length > 1 ||
    (type === undefined && !hasEnum) ||
    (type === 'object' && !isObject(source.properties)) ||
    (type === 'array' && !items);

  if (asJsonText) {
    return {
      schema: { type: 'string', title, description },
      uiSchema: { 'ui:widget': 'textarea', 'ui:help': 'A JSON value' },
      required,
      jsonText: true,
      boolean: false,
    };
  }
  const { default: _default, ...schema } = source;
  const field: ParamField = {
    schema: { ...schema, title, description },
    required,
    jsonText: false,
    boolean: type === 'boolean',
  };
  if (type) field.schema.type = type;
  if (items) field.schema.items = items;
  if (source.format === 'multiline') {
    delete field.schema.format;
    field.uiSchema = { 'ui:widget': 'textarea' };
  }
  return field;
}

/** The form of these params; the order of the params is the order of the fields. */
export function paramsFormModel(
  params: Record<string, AirflowDagParam>,
): ParamsFormModel {
  const fields = Object.entries(params).map(
    ([name, param]) => [name, fieldOf(name, param)] as const,
  );
  const named = (test: (field: ParamField) => boolean) =>
    new Set(fields.filter(([, field]) => test(field)).map(([name]) => name));
  const required = named(field => field.required);
  return {
    schema: {
      type: 'object',
      properties: Object.fromEntries(
        fields.map(([name, field]) => [name, field.schema]),
      ),
      required: [...required],
    },
    uiSchema: {
      ...Object.fromEntries(
        fields.flatMap(([name, field]) =>
          field.uiSchema ? [[name, field.uiSchema]] : [],
        ),
      ),
      // The dialog has its own buttons.
      'ui:submitButtonOptions': { norender: true },
    },
    names: fields.map(([name]) => name),
    required,
    jsonText: named(field => field.jsonText),
    booleans: named(field => field.boolean),
  };
}

function formValue(model: ParamsFormModel, name: string, value: unknown) {
  if (model.booleans.has(name)) return value ?? false;
  if (value === undefined || value === null) return undefined;
  return model.jsonText.has(name) ? JSON.stringify(value, null, 2) : value;
}

/**
 * Form data from values: the params' own values to start with, or conf from
 * the JSON editor. Params the values do not name keep what `previous` holds.
 */
export function formDataOf(
  model: ParamsFormModel,
  values: Record<string, unknown>,
  previous: ParamsFormData = {},
): ParamsFormData {
  return Object.fromEntries(
    model.names.flatMap(name => {
      let value: unknown;
      if (hasOwn(values, name)) {
        value = formValue(model, name, values[name]);
      } else if (hasOwn(previous, name)) {
        value = previous[name];
      }
      return value === undefined ? [] : [[name, value]];
    }),
  );
}

/** The params' own values (their defaults), by name. */
export function paramDefaults(
  params: Record<string, AirflowDagParam>,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(params).map(([name, param]) => [name, param.value]),
  );
}

type JsonText = { value: unknown; error?: undefined } | { error: string };

function parseJsonText(text: string): JsonText {
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    return { error: `Invalid JSON: ${(error as Error).message}` };
  }
}

/** Why a JSON-text param's input is not JSON; undefined when it is, or empty. */
export function jsonTextError(input: unknown): string | undefined {
  return typeof input === 'string' && input.trim()
    ? parseJsonText(input).error
    : undefined;
}

/**
 * The params' values from the form, as conf: an empty optional param is null;
 * an empty required param, and JSON text that does not parse, are left out
 * (validation reports them).
 */
export function paramValuesOf(
  model: ParamsFormModel,
  formData: ParamsFormData,
): Record<string, unknown> {
  return Object.fromEntries(
    model.names.flatMap(name => {
      let input = hasOwn(formData, name) ? formData[name] : undefined;
      if (typeof input === 'string' && model.jsonText.has(name)) {
        if (!input.trim()) {
          input = undefined;
        } else {
          const parsed = parseJsonText(input);
          if (parsed.error !== undefined) return [];
          input = parsed.value;
        }
      }
      if (input === undefined) {
        return model.required.has(name) ? [] : [[name, null]];
      }
      return [[name, input]];
    }),
  );
}
