import {
  isDagId,
  isDotSegment,
  isEnvironmentName,
  isRunId,
  isTaskId,
} from './validation';

describe('identifiers', () => {
  it('accepts environment names that start with a letter', () => {
    expect(isEnvironmentName('data-prod')).toBe(true);
    expect(isEnvironmentName('mwaa_payments2')).toBe(true);
    expect(isEnvironmentName('1prod')).toBe(false);
    expect(isEnvironmentName('data prod')).toBe(false);
    expect(isEnvironmentName(`a${'b'.repeat(100)}`)).toBe(false);
  });

  it("follows Airflow's key rule for DAG and task ids", () => {
    expect(isDagId('orders.daily_load-v2')).toBe(true);
    expect(isTaskId('group.extract')).toBe(true);
    expect(isDagId('bad dag')).toBe(false);
    expect(isDagId('')).toBe(false);
    expect(isDagId('a'.repeat(251))).toBe(false);
  });

  it('takes any run id without control characters', () => {
    expect(isRunId('scheduled__2026-11-22T07:00:00+00:00')).toBe(true);
    expect(isRunId('r\n1')).toBe(false);
    expect(isRunId('')).toBe(false);
  });

  it('refuses `.` and `..` as any id, which would navigate upstream paths', () => {
    for (const id of ['.', '..']) {
      expect([
        id,
        isDotSegment(id),
        isDagId(id),
        isTaskId(id),
        isRunId(id),
      ]).toEqual([id, true, false, false, false]);
    }
    expect(isDagId('...')).toBe(true);
    expect(isRunId('.hidden')).toBe(true);
    expect(isDotSegment('.x')).toBe(false);
  });
});
