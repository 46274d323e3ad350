import type { AirflowDagParam } from '@airflow-portal/plugin-airflow-common';
import {
  formDataOf,
  jsonTextError,
  paramDefaults,
  paramsFormModel,
  paramValuesOf,
} from './paramsFormModel';

const params: Record<string, AirflowDagParam> = {
  tables: {
    value: ['a', 'b'],
    schema: { type: 'array', items: { type: 'string' } },
  },
  day: { value: '2025-06-01', schema: { type: 'string', format: 'date' } },
  at: {
    value: null,
    schema: { type: ['null', 'string'], format: 'date-time' },
  },
  ratio: { value: 0.5, schema: { type: 'number', maximum: 1, default: 0.5 } },
  mode: { value: 2, schema: { enum: [1, 2, 3] } },
  options: { value: { deep: true }, schema: { type: 'object' } },
  code: {
    value: 'AB',
    description: 'Upper case letters',
    schema: { type: 'string', pattern: '^[A-Z]+$', title: 'Code' },
  },
  free: { value: 'x', schema: {} },
  dry_run: { value: null, schema: { type: 'boolean' } },
  notes: { value: '', schema: { type: 'string', format: 'multiline' } },
};

describe('paramsFormModel', () => {
  const model = paramsFormModel(params);
  const properties = model.schema.properties as Record<
    string,
    Record<string, unknown>
  >;

  it('keeps the params in order and requires those whose type excludes null', () => {
    expect(model.names).toEqual(Object.keys(params));
    expect(model.schema.required).toEqual([
      'tables',
      'day',
      'ratio',
      'options',
      'code',
      'dry_run',
      'notes',
    ]);
  });

  it('leaves each param its schema, with a type the form can show', () => {
    expect(properties.at).toEqual({
      type: 'string',
      format: 'date-time',
      title: 'at',
    });
    // The form starts from the value; a schema default would refill a cleared field.
    expect(properties.ratio).toEqual({
      type: 'number',
      maximum: 1,
      title: 'ratio',
    });
    expect(properties.mode).toEqual({ enum: [1, 2, 3], title: 'mode' });
    expect(properties.code).toMatchObject({
      title: 'Code',
      description: 'Upper case letters',
      pattern: '^[A-Z]+$',
    });
    expect(properties.free).toEqual({ type: 'string', title: 'free' });
    expect(properties.notes).toEqual({ type: 'string', title: 'notes' });
    expect(model.uiSchema.notes).toEqual({ 'ui:widget': 'textarea' });
  });

  it('edits free-form values as JSON text', () => {
    expect([...model.jsonText]).toEqual(['options']);
    expect(properties.options).toEqual({ type: 'string', title: 'options' });
    const mixed = paramsFormModel({
      list: { value: [1, 'a'], schema: { type: 'array' } },
      either: { value: 1, schema: { type: ['string', 'integer'] } },
      untyped: { value: { a: 1 }, schema: {} },
      numbers: {
        value: [1],
        schema: { type: 'array', items: { type: 'number' } },
      },
    });
    expect([...mixed.jsonText]).toEqual(['list', 'either', 'untyped']);
  });

  it('round-trips the params’ values through the form', () => {
    const formData = formDataOf(model, paramDefaults(params));
    expect(formData.options).toBe('{\n  "deep": true\n}');
    expect(formData.dry_run).toBe(false);
    expect(formData).not.toHaveProperty('at');
    expect(paramValuesOf(model, formData)).toEqual({
      tables: ['a', 'b'],
      day: '2025-06-01',
      at: null,
      ratio: 0.5,
      mode: 2,
      options: { deep: true },
      code: 'AB',
      free: 'x',
      dry_run: false,
      notes: '',
    });
  });

  it('takes conf from the JSON editor, keeping the fields it does not name', () => {
    const previous = formDataOf(model, paramDefaults(params));
    const formData = formDataOf(
      model,
      { code: 'XY', at: null, unknown: 1, toString: 'not a param' },
      previous,
    );
    expect(formData.code).toBe('XY');
    expect(formData.day).toBe('2025-06-01');
    expect(formData).not.toHaveProperty('unknown');
  });

  it('leaves out empty required params and JSON text that does not parse', () => {
    const values = paramValuesOf(model, {
      ...formDataOf(model, paramDefaults(params)),
      options: '{',
      day: undefined,
    });
    expect(values).not.toHaveProperty('options');
    expect(values).not.toHaveProperty('day');
    expect(values.at).toBeNull();
    expect(jsonTextError('{')).toMatch(/^Invalid JSON/);
    expect(jsonTextError('  ')).toBeUndefined();
    expect(jsonTextError('[1]')).toBeUndefined();
  });

  it('keeps a param named like an Object property as data', () => {
    const odd = paramsFormModel({
      constructor: { value: 'c', schema: { type: 'string' } },
      ['__proto__']: { value: 'p', schema: { type: 'string' } },
    });
    expect(odd.names).toEqual(['constructor', '__proto__']);
    expect(paramValuesOf(odd, formDataOf(odd, {}))).toEqual({});
    const values = paramValuesOf(
      odd,
      formDataOf(odd, JSON.parse('{"constructor": "c", "__proto__": "p"}')),
    );
    expect(Object.getPrototypeOf(values)).toBe(Object.prototype);
    expect(Object.entries(values)).toEqual([
      ['constructor', 'c'],
      ['__proto__', 'p'],
    ]);
  });
});
