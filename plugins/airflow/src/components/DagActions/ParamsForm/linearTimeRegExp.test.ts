import { linearTimeRegExp } from './linearTimeRegExp';

describe('linearTimeRegExp', () => {
  it('matches like JSON schema: anywhere in the value unless anchored', () => {
    expect(linearTimeRegExp('[0-9]+').test('abc123')).toBe(true);
    expect(linearTimeRegExp('^[A-Z]+$').test('AB')).toBe(true);
    expect(linearTimeRegExp('^[A-Z]+$').test('ab')).toBe(false);
    // Python's named groups, which Airflow patterns may use, read as well.
    expect(linearTimeRegExp('^(?P<year>\\d{4})$').test('2025')).toBe(true);
  });

  it('answers a pattern that makes backtracking engines exponential', () => {
    // The browser's engine would need about 2^40 steps for this one.
    expect(linearTimeRegExp('^(a+)+$').test(`${'a'.repeat(40)}!`)).toBe(false);
  });

  it('accepts every value for a pattern RE2 cannot run, leaving it to Airflow', () => {
    const lookAhead = linearTimeRegExp('^(?=.*\\d)\\w+$');
    expect(lookAhead.test('no digits')).toBe(true);
  });

  it('gives each pattern its own key, under which ajv caches it', () => {
    expect(String(linearTimeRegExp('a'))).not.toBe(
      String(linearTimeRegExp('b')),
    );
  });
});
