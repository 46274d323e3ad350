import {
  AIRFLOW_ID_MAX_LENGTH,
  AIRFLOW_KEY_PATTERN,
  ENVIRONMENT_NAME_MAX_LENGTH,
  ENVIRONMENT_NAME_PATTERN,
  isDagId,
  isEnvironmentName,
  isRunId,
} from '@airflow-portal/plugin-airflow-common';
import { spec } from './openapi';

/*
 * The router checks identifiers by the spec; the config reader and anything
 * building the portal's URLs by plugin-airflow-common's rules. They must say
 * the same, or a configured environment (or a DAG Airflow accepts) would be
 * refused by the routes.
 */

interface StringSchema {
  pattern: string;
  minLength?: number;
  maxLength: number;
}

function accepts(schema: StringSchema, value: string): boolean {
  return (
    value.length >= (schema.minLength ?? 0) &&
    value.length <= schema.maxLength &&
    new RegExp(schema.pattern, 'u').test(value)
  );
}

const { schemas, parameters } = spec.components;

describe("the spec's identifiers", () => {
  it('are the environment name rule of the config', () => {
    expect(schemas.EnvironmentName).toMatchObject({
      pattern: ENVIRONMENT_NAME_PATTERN.source,
      maxLength: ENVIRONMENT_NAME_MAX_LENGTH,
    });
    for (const name of [
      'data-prod',
      'a_1',
      '1prod',
      'da ta',
      'p'.repeat(101),
    ]) {
      expect([name, accepts(schemas.EnvironmentName, name)]).toEqual([
        name,
        isEnvironmentName(name),
      ]);
    }
  });

  it("are Airflow's key rule for DAG and task ids", () => {
    expect(schemas.DagId).toMatchObject({
      pattern: AIRFLOW_KEY_PATTERN.source,
      maxLength: AIRFLOW_ID_MAX_LENGTH,
    });
    for (const id of [
      'orders.daily-v2',
      '',
      'a b',
      'd'.repeat(251),
      '.',
      '..',
      '...',
    ]) {
      expect([id, accepts(schemas.DagId, id)]).toEqual([id, isDagId(id)]);
    }
  });

  it('are the run id rule: free text without control characters', () => {
    const runId = parameters.runId.schema;
    for (const id of [
      'scheduled__2026-11-22T07:00:00+00:00',
      'manual run/1',
      '',
      'a\u0001b',
      'a\u007fb',
      'r'.repeat(250),
      'r'.repeat(251),
      '.',
      '..',
      '.hidden',
    ]) {
      expect([id, accepts(runId, id)]).toEqual([id, isRunId(id)]);
    }
  });
});
