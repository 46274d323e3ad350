import { parseConf } from './confJson';
import {
  confFromForm,
  fieldsFromParams,
  initialFormValues,
} from './paramFields';

describe('paramFields', () => {
  const params = {
    tables: {
      value: ['a', 'b'],
      schema: { type: 'array', items: { type: 'string' } },
    },
    day: { value: '2025-06-01', schema: { type: 'string', format: 'date' } },
    at: {
      value: null,
      schema: { type: ['null', 'string'], format: 'date-time' },
    },
    ratio: { value: 0.5, schema: { type: 'number', maximum: 1 } },
    mode: { value: 2, schema: { enum: [1, 2, 3] } },
    options: { value: { deep: true }, schema: { type: 'object' } },
    code: { value: 'AB', schema: { type: 'string', pattern: '^[A-Z]+$' } },
    free: { value: 'x', schema: {} },
  };
  const fields = fieldsFromParams(params);

  it('types each field after its schema and knows which are required', () => {
    expect(fields.map(f => [f.name, f.kind, f.required])).toEqual([
      ['tables', 'string-array', true],
      ['day', 'date', true],
      ['at', 'date-time', false],
      ['ratio', 'number', true],
      ['mode', 'enum', false],
      ['options', 'json', true],
      ['code', 'string', true],
      ['free', 'string', false],
    ]);
  });

  it('round-trips defaults into conf', () => {
    const { conf, errors } = confFromForm(
      fields,
      initialFormValues(fields, params),
    );
    expect(errors).toEqual({});
    expect(conf).toEqual({
      tables: ['a', 'b'],
      day: '2025-06-01',
      at: null,
      ratio: 0.5,
      mode: 2,
      options: { deep: true },
      code: 'AB',
      free: 'x',
    });
  });

  it('reports bounds, patterns and JSON errors per field', () => {
    const values = {
      ...initialFormValues(fields, params),
      ratio: '1.5',
      code: 'ab',
      options: '{',
      at: '2025-06-01T10:30',
    };
    const { conf, errors } = confFromForm(fields, values);
    expect(errors).toEqual({
      ratio: 'At most 1',
      code: 'Must match ^[A-Z]+$',
      options: expect.stringMatching(/^Invalid JSON/),
    });
    expect(conf.at).toMatch(/^2025-06-01T\d\d:30:00\.000Z$/);
  });
});

describe('parseConf', () => {
  it('accepts objects and empty text, refuses the rest and oversized conf', () => {
    expect(parseConf('')).toEqual({ conf: {} });
    expect(parseConf('{"a": 1}')).toEqual({ conf: { a: 1 } });
    expect(parseConf('"text"').error).toMatch(/must be a JSON object/);
    expect(parseConf('null').error).toMatch(/must be a JSON object/);
    expect(parseConf('{').error).toMatch(/^Invalid JSON/);
    const big = JSON.stringify({ blob: 'é'.repeat(33_000) });
    expect(parseConf(big).error).toMatch(/at most 64 KiB/);
  });
});
