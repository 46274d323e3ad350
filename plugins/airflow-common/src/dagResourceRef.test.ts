import {
  formatAirflowDagResourceRef,
  parseAirflowDagResourceRef,
} from './dagResourceRef';

describe('airflow-dag resource refs', () => {
  it.each([
    [
      { environment: 'prod', dagId: 'orders.daily_load-1' },
      'prod:orders.daily_load-1',
    ],
    [
      { environment: 'legacy-etl', dagId: 'x', via: 'component:default/shop' },
      'legacy-etl:x@component:default/shop',
    ],
  ])('formats and parses %j', (ref, text) => {
    expect(formatAirflowDagResourceRef(ref)).toBe(text);
    expect(parseAirflowDagResourceRef(text)).toEqual(ref);
  });

  it.each([
    '',
    'prod',
    ':dag',
    'prod:',
    'pr od:dag',
    'prod:da g',
    'prod:dag@',
    'prod:a:b',
  ])('refuses %j', text => {
    expect(parseAirflowDagResourceRef(text)).toBeUndefined();
  });
});
