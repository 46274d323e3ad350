import {
  hideAwsIdentifiers,
  REDACTED,
  redactConf,
  redactText,
  secretValuesOf,
} from './redact';

describe('redactConf', () => {
  it.each([
    ['password', { password: 'hunter2' }, { password: REDACTED }],
    ['pwd', { db_pwd: 'hunter2' }, { db_pwd: REDACTED }],
    ['dsn', { sqlalchemy_dsn: 'x' }, { sqlalchemy_dsn: REDACTED }],
    [
      'credentials (object)',
      { credentials: { user: 'u', pass: 'p' } },
      { credentials: REDACTED },
    ],
    ['api key, any case', { API_KEY: 'k' }, { API_KEY: REDACTED }],
    [
      'nested under an ordinary key',
      { target: { auth_token: 't', table: 'orders' } },
      { target: { auth_token: REDACTED, table: 'orders' } },
    ],
    [
      'a URL with user:password',
      { uri: 'postgresql://etl:hunter2@db.internal:5432/orders' },
      { uri: `postgresql://etl:${REDACTED}@db.internal:5432/orders` },
    ],
    [
      'the value after --password in an array',
      { args: ['--user', 'etl', '--password', 'hunter2', '--table', 'x'] },
      { args: ['--user', 'etl', '--password', REDACTED, '--table', 'x'] },
    ],
    [
      '--password=value inside one argument',
      { args: ['--db-password=hunter2', '--dry-run'] },
      { args: [`--db-password=${REDACTED}`, '--dry-run'] },
    ],
    [
      'an ordinary conf, unchanged',
      { table: 'orders', limit: 10, full: true, tags: ['a', null] },
      { table: 'orders', limit: 10, full: true, tags: ['a', null] },
    ],
  ])('redacts %s', (_case, conf, expected) => {
    expect(redactConf(conf)).toEqual(expected);
  });

  it('keeps a __proto__ key as data and leaves the input as it was', () => {
    const conf = JSON.parse('{"__proto__": {"token": "t"}, "a": 1}');
    const redacted = redactConf(conf) as Record<string, unknown>;
    expect(Object.keys(redacted)).toEqual(['__proto__', 'a']);
    expect(Object.getPrototypeOf(redacted)).toBe(Object.prototype);
    expect(
      Object.getOwnPropertyDescriptor(redacted, '__proto__')?.value,
    ).toEqual({ token: REDACTED });
    expect(Object.getOwnPropertyDescriptor(conf, '__proto__')?.value).toEqual({
      token: 't',
    });
  });

  it('stops at a depth and redacts what lies beyond', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 200; i++) deep = { d: deep };
    expect(JSON.stringify(redactConf(deep))).toContain(REDACTED);
  });
});

describe('redactText', () => {
  it.each([
    [
      'a URL password',
      'could not connect to mysql://root:s3cr3t@10.0.0.1/db',
      `could not connect to mysql://root:${REDACTED}@10.0.0.1/db`,
    ],
    [
      "Airflow's detail echoing a param",
      "Invalid input for param db_password: 'hunter2' is too short",
      `Invalid input for param db_password: ${REDACTED} is too short`,
    ],
    [
      'key=value pairs',
      'token=abc123, table=orders',
      `token=${REDACTED}, table=orders`,
    ],
    [
      'JSON-ish pairs',
      '{"api_key": "k-123", "n": 1}',
      `{"api_key": ${REDACTED}, "n": 1}`,
    ],
    [
      'a command line',
      'run.sh --password hunter2 --verbose',
      `run.sh --password ${REDACTED} --verbose`,
    ],
    ['a bearer token', 'sent Bearer abc.def-ghi', `sent Bearer ${REDACTED}`],
    [
      'a JWT',
      'token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJl expired',
      `token ${REDACTED} expired`,
    ],
    [
      'an AWS access key id',
      'The security token AKIAIOSFODNN7EXAMPLE is invalid',
      `The security token ${REDACTED} is invalid`,
    ],
    [
      'nothing in an ordinary message',
      'DAG with dag_id: orders_daily_load not found',
      'DAG with dag_id: orders_daily_load not found',
    ],
  ])('redacts %s', (_case, text, expected) => {
    expect(redactText(text)).toBe(expected);
  });

  it('redacts secrets the caller knows wherever they appear', () => {
    expect(
      redactText("value 'hunter2!' is not of type integer", ['hunter2!']),
    ).toBe(`value '${REDACTED}' is not of type integer`);
  });
});

describe('hideAwsIdentifiers', () => {
  it('hides ARNs and account ids', () => {
    expect(
      hideAwsIdentifiers(
        'User: arn:aws:sts::123456789012:assumed-role/portal/session is not authorized (account 123456789012)',
      ),
    ).toBe('User: [ARN] is not authorized (account [ACCOUNT])');
  });
});

describe('secretValuesOf', () => {
  it('lists what secret keys and flags hold', () => {
    expect(
      secretValuesOf({
        password: 'p1',
        nested: { token: 42, other: 'x' },
        args: ['--pwd', 'p2', 'plain'],
      }),
    ).toEqual(['p1', '42', 'p2']);
  });
});
