import type { Entity } from '@backstage/catalog-model';
import {
  AIRFLOW_NOTIFICATIONS_ANNOTATION,
  isAirflowNotificationsOptedOut,
} from './annotations';
import { airflowEntityTabPath } from './entityTabPath';

function component(
  annotations: Record<string, string> = {},
  namespace?: string,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'orders-service', namespace, annotations },
    spec: {},
  };
}

describe('airflowEntityTabPath', () => {
  it('opens the entity’s Airflow tab on a DAG, and on one of its runs', () => {
    expect(
      airflowEntityTabPath(component(), {
        environment: 'prod',
        dagId: 'orders_daily_load',
      }),
    ).toBe(
      '/catalog/default/component/orders-service/airflow?environment=prod&dag=orders_daily_load',
    );
    const path = airflowEntityTabPath(component({}, 'data team'), {
      environment: 'prod',
      dagId: 'orders_daily_load',
      runId: 'manual__2026-11-30T10:00:00+00:00',
    });
    expect(path.split('?')[0]).toBe(
      '/catalog/data%20team/component/orders-service/airflow',
    );
    expect(new URLSearchParams(path.split('?')[1]).get('run')).toBe(
      'manual__2026-11-30T10:00:00+00:00',
    );
  });
});

describe('isAirflowNotificationsOptedOut', () => {
  it.each(['off', 'false', 'Disabled', ' OFF '])('is true for %j', value => {
    expect(
      isAirflowNotificationsOptedOut(
        component({ [AIRFLOW_NOTIFICATIONS_ANNOTATION]: value }),
      ),
    ).toBe(true);
  });

  it.each(['on', 'true', ''])('is false for %j', value => {
    expect(
      isAirflowNotificationsOptedOut(
        component({ [AIRFLOW_NOTIFICATIONS_ANNOTATION]: value }),
      ),
    ).toBe(false);
  });

  it('is false without the annotation', () => {
    expect(isAirflowNotificationsOptedOut(component())).toBe(false);
  });
});
