import type { Entity } from '@backstage/catalog-model';
import {
  isAirflowAvailable,
  parseListAnnotation,
  readAirflowAnnotations,
} from './annotations';

function component(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'orders-service', annotations },
    spec: {},
  };
}

describe('parseListAnnotation', () => {
  it('splits, trims, drops empty items and duplicates', () => {
    expect(parseListAnnotation(' a, b ,,a,  c ')).toEqual(['a', 'b', 'c']);
  });

  it('returns an empty list for a missing value', () => {
    expect(parseListAnnotation(undefined)).toEqual([]);
    expect(parseListAnnotation('')).toEqual([]);
  });
});

describe('readAirflowAnnotations', () => {
  it('reads environments, DAG ids and DAG tags', () => {
    expect(
      readAirflowAnnotations(
        component({
          'airflow.apache.org/environment': 'data-prod, legacy-etl',
          'airflow.apache.org/dag-ids': 'orders_daily_load',
          'airflow.apache.org/dag-tags': 'orders,etl',
        }),
      ),
    ).toEqual({
      environments: ['data-prod', 'legacy-etl'],
      dagIds: ['orders_daily_load'],
      dagTags: ['orders', 'etl'],
    });
  });
});

describe('isAirflowAvailable', () => {
  it('needs an environment and DAG ids or tags', () => {
    expect(
      isAirflowAvailable(
        component({
          'airflow.apache.org/environment': 'data-prod',
          'airflow.apache.org/dag-tags': 'orders',
        }),
      ),
    ).toBe(true);
    expect(
      isAirflowAvailable(
        component({ 'airflow.apache.org/environment': 'data-prod' }),
      ),
    ).toBe(false);
    expect(
      isAirflowAvailable(
        component({ 'airflow.apache.org/dag-ids': 'orders_daily_load' }),
      ),
    ).toBe(false);
  });

  it('is always available on groups, whose view comes from what they own', () => {
    expect(
      isAirflowAvailable({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Group',
        metadata: { name: 'team-data' },
        spec: { type: 'team', children: [] },
      }),
    ).toBe(true);
  });
});
