import { ConfigReader } from '@backstage/config';
import { readAirflowConfig } from './readAirflowConfig';
import {
  DEFAULT_AUDIT_SETTINGS,
  DEFAULT_CACHE_SETTINGS,
  DEFAULT_NOTIFICATION_SETTINGS,
  DEFAULT_REQUEST_SETTINGS,
  DEFAULT_UPSTREAM_LIMITS,
} from './schema';

const SECRET = 's3cr3t-value-never-logged';

function readAll(airflow: unknown) {
  return readAirflowConfig(new ConfigReader({ airflow } as any));
}

function read(airflow: unknown) {
  return readAll(airflow).environments;
}

function errorOf(airflow: unknown): string {
  try {
    readAll(airflow);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected readAirflowConfig to throw');
}

const direct = (overrides: Record<string, unknown> = {}) => ({
  name: 'prod',
  baseUrl: 'https://airflow.example.com/',
  auth: { type: 'jwt', username: 'portal', password: SECRET },
  ...overrides,
});

describe('readAirflowConfig', () => {
  it('returns no environments and the defaults when airflow is not configured', () => {
    expect(readAirflowConfig(new ConfigReader({}))).toEqual({
      environments: [],
      cache: DEFAULT_CACHE_SETTINGS,
      audit: DEFAULT_AUDIT_SETTINGS,
      permissions: { trustAnnotations: false },
      notifications: DEFAULT_NOTIFICATION_SETTINGS,
      requests: DEFAULT_REQUEST_SETTINGS,
    });
  });

  it('reads how many requests are served at once, and refuses nonsense', () => {
    expect(
      readAirflowConfig(
        new ConfigReader({
          airflow: { requests: { maxInProgress: 8, maxQueued: 0 } },
        }),
      ).requests,
    ).toEqual({ maxInProgress: 8, maxQueued: 0 });
    expect(() =>
      readAirflowConfig(
        new ConfigReader({ airflow: { requests: { maxInProgress: 0 } } }),
      ),
    ).toThrow(/airflow.requests: maxInProgress must be at least 1/);
  });

  it('reads direct and MWAA environments with defaults and overrides', () => {
    const envs = read({
      defaults: { timeoutMs: 5000, readRetries: '3' },
      environments: [
        direct({
          title: 'Production',
          owner: 'group:default/data',
          tags: ['prod'],
          description: 'Main',
          uiUrl: 'https://airflow.example.com',
          apiVersion: 'v2',
          maxConcurrency: 2,
        }),
        {
          name: 'legacy-etl',
          baseUrl: 'https://legacy:8080',
          auth: { type: 'basic', username: 'u', password: SECRET },
        },
        {
          name: 'static',
          baseUrl: 'https://static:8080',
          auth: { type: 'token', token: SECRET },
          timeoutMs: 1000,
        },
        {
          name: 'mwaa_prod',
          mwaa: {
            environmentName: 'MyAirflow',
            region: 'eu-west-1',
            roleArn: 'arn:aws:iam::123456789012:role/portal',
            externalId: 'ext',
            endpoint: 'http://127.0.0.1:4020/',
          },
          allowInsecureHttp: true,
        },
      ],
    });

    expect(envs).toEqual([
      {
        name: 'prod',
        title: 'Production',
        owner: 'group:default/data',
        tags: ['prod'],
        production: false,
        dagOwners: {
          template: 'group:default/{owner}',
          owners: {},
          tagPrefix: undefined,
        },
        description: 'Main',
        uiUrl: 'https://airflow.example.com',
        apiVersion: 'v2',
        connection: {
          kind: 'direct',
          baseUrl: 'https://airflow.example.com',
          auth: { type: 'jwt', username: 'portal', password: SECRET },
        },
        limits: {
          ...DEFAULT_UPSTREAM_LIMITS,
          timeoutMs: 5000,
          maxConcurrency: 2,
          readRetries: 3,
        },
      },
      expect.objectContaining({
        name: 'legacy-etl',
        title: 'legacy-etl',
        tags: [],
        apiVersion: 'auto',
        connection: {
          kind: 'direct',
          baseUrl: 'https://legacy:8080',
          auth: { type: 'basic', username: 'u', password: SECRET },
        },
        limits: {
          ...DEFAULT_UPSTREAM_LIMITS,
          timeoutMs: 5000,
          maxConcurrency: 8,
          readRetries: 3,
        },
      }),
      expect.objectContaining({
        name: 'static',
        connection: {
          kind: 'direct',
          baseUrl: 'https://static:8080',
          auth: { type: 'token', token: SECRET },
        },
        limits: {
          ...DEFAULT_UPSTREAM_LIMITS,
          timeoutMs: 1000,
          maxConcurrency: 8,
          readRetries: 3,
        },
      }),
      expect.objectContaining({
        name: 'mwaa_prod',
        connection: {
          kind: 'mwaa',
          environmentName: 'MyAirflow',
          region: 'eu-west-1',
          roleArn: 'arn:aws:iam::123456789012:role/portal',
          externalId: 'ext',
          endpoint: 'http://127.0.0.1:4020',
        },
      }),
    ]);
  });

  it.each<[string, Record<string, unknown>, string]>([
    [
      'baseUrl',
      direct({ baseUrl: 'http://airflow.internal:8080' }),
      'airflow.environments[0] (name "prod"): baseUrl uses http://',
    ],
    [
      'mwaa.endpoint',
      {
        name: 'payments',
        mwaa: {
          environmentName: 'p',
          region: 'us-east-1',
          endpoint: 'http://127.0.0.1:4020',
        },
      },
      'airflow.environments[0] (name "payments"): mwaa.endpoint uses http://',
    ],
  ])(
    'refuses credentials over http:// (%s) unless the environment allows it',
    (_key, entry, message) => {
      expect(() => read({ environments: [entry] })).toThrow(message);
      expect(() =>
        read({ environments: [{ ...entry, allowInsecureHttp: true }] }),
      ).not.toThrow();
    },
  );

  it('uses the built-in limits without airflow.defaults', () => {
    expect(read({ environments: [direct()] })[0].limits).toEqual(
      DEFAULT_UPSTREAM_LIMITS,
    );
  });

  it.each<[string, Record<string, unknown>, string]>([
    [
      'missing password for basic',
      {
        name: 'legacy-etl',
        baseUrl: 'http://x',
        auth: { type: 'basic', username: SECRET },
      },
      'airflow.environments[0] (name "legacy-etl"): auth.password is required for auth type basic',
    ],
    [
      'missing token',
      { name: 'prod', baseUrl: 'http://x', auth: { type: 'token' } },
      'airflow.environments[0] (name "prod"): auth.token is required for auth type token',
    ],
    [
      'unknown auth type',
      {
        name: 'prod',
        baseUrl: 'http://x',
        auth: { type: SECRET, password: SECRET },
      },
      'airflow.environments[0] (name "prod"): auth.type must be one of jwt, token, basic',
    ],
    [
      'password of the wrong type',
      direct({ auth: { type: 'jwt', username: 'u', password: 12345 } }),
      'airflow.environments[0] (name "prod"): auth.password must be a string (got number)',
    ],
    [
      'bad name',
      direct({ name: '1-bad name' }),
      'airflow.environments[0] (name "1-bad name"): name must match ^[a-zA-Z][a-zA-Z0-9_-]*$',
    ],
    [
      'missing name',
      direct({ name: undefined }),
      'airflow.environments[0]: name is required',
    ],
    [
      'no connection',
      { name: 'prod' },
      'airflow.environments[0] (name "prod"): baseUrl is required (or configure mwaa instead)',
    ],
    [
      'both connections',
      direct({ mwaa: { environmentName: 'x', region: 'us-east-1' } }),
      'airflow.environments[0] (name "prod"): mwaa cannot be combined with baseUrl/auth: set exactly one connection',
    ],
    [
      'baseUrl without auth',
      { name: 'prod', baseUrl: 'http://x' },
      'airflow.environments[0] (name "prod"): auth is required when baseUrl is set',
    ],
    [
      'credentials in baseUrl',
      direct({ baseUrl: `https://user:${SECRET}@airflow.example.com` }),
      'airflow.environments[0] (name "prod"): baseUrl must not contain credentials',
    ],
    [
      'baseUrl not a URL',
      direct({ baseUrl: 'airflow.example.com' }),
      'airflow.environments[0] (name "prod"): baseUrl must be an http(s) URL',
    ],
    [
      'bad apiVersion',
      direct({ apiVersion: 'v3' }),
      'airflow.environments[0] (name "prod"): apiVersion must be one of v1, v2, auto',
    ],
    [
      'mwaa without region',
      { name: 'm', mwaa: { environmentName: 'demo' } },
      'airflow.environments[0] (name "m"): mwaa.region is required',
    ],
    [
      'mwaa bad region',
      { name: 'm', mwaa: { environmentName: 'demo', region: 'moon' } },
      'airflow.environments[0] (name "m"): mwaa.region must be an AWS region',
    ],
    [
      'mwaa externalId without roleArn',
      {
        name: 'm',
        mwaa: {
          environmentName: 'demo',
          region: 'us-east-1',
          externalId: SECRET,
        },
      },
      'airflow.environments[0] (name "m"): mwaa.externalId requires roleArn',
    ],
    [
      'unknown key',
      direct({ passwrd: SECRET }),
      'airflow.environments[0] (name "prod"): unknown key passwrd',
    ],
    [
      'bad limit',
      direct({ maxConcurrency: 0 }),
      'airflow.environments[0] (name "prod"): maxConcurrency must be at least 1',
    ],
  ])(
    'rejects %s, naming environment and key, without secrets',
    (_, entry, expected) => {
      const message = errorOf({ environments: [entry] });
      expect(message).toContain(expected);
      expect(message).not.toContain(SECRET);
    },
  );

  it('names the index of later entries and duplicate names', () => {
    const message = errorOf({
      environments: [
        direct(),
        direct({ name: 'legacy-etl', auth: { type: 'basic', username: 'u' } }),
        direct(),
      ],
    });
    expect(message).toContain(
      'airflow.environments[1] (name "legacy-etl"): auth.password is required for auth type basic',
    );
    expect(message).toContain(
      'airflow.environments[2] (name "prod"): name is already used by airflow.environments[0]',
    );
    expect(message).not.toContain(SECRET);
  });

  it('validates airflow.defaults', () => {
    expect(
      errorOf({ defaults: { timeoutMs: -1 }, environments: [] }),
    ).toContain('airflow.defaults: timeoutMs must be at least 1');
  });

  it('rejects environments that are not a list', () => {
    expect(errorOf({ environments: { prod: {} } })).toContain(
      'airflow.environments must be a list',
    );
  });

  it('reads cache TTLs and audit retention, strings from the environment included', () => {
    const { cache, audit } = readAll({
      cache: { healthTtlSeconds: 0, runsTtlSeconds: '2.5' },
      audit: { retentionDays: '30' },
    });
    expect(cache).toEqual({
      healthTtlSeconds: 0,
      dagsTtlSeconds: DEFAULT_CACHE_SETTINGS.dagsTtlSeconds,
      runsTtlSeconds: 2.5,
    });
    expect(audit).toEqual({ retentionDays: 30 });
  });

  it('validates cache TTLs and audit retention with the environments, in one error', () => {
    const message = errorOf({
      cache: { dagsTtlSeconds: -1 },
      audit: { retentionDays: 0.5 },
      environments: [direct({ name: '1-bad' })],
    });
    expect(message).toContain(
      'airflow.cache: dagsTtlSeconds must be at least 0',
    );
    expect(message).toContain('airflow.audit: retentionDays');
    expect(message).toContain('airflow.environments[0] (name "1-bad"): name');
  });

  it('takes environment names by the same rule as the routes', () => {
    const long = `a${'b'.repeat(100)}`;
    expect(errorOf({ environments: [direct({ name: long })] })).toContain(
      'name must be at most 100 characters',
    );
  });

  it('decides production once: explicit, else from the tag production', () => {
    const envs = read({
      environments: [
        direct({ name: 'tagged', tags: ['eu', 'Production'] }),
        direct({ name: 'explicit', tags: ['staging'], production: 'true' }),
        direct({ name: 'opted-out', tags: ['production'], production: false }),
        direct({ name: 'plain' }),
      ],
    });
    expect(envs.map(e => [e.name, e.production])).toEqual([
      ['tagged', true],
      ['explicit', true],
      ['opted-out', false],
      ['plain', false],
    ]);
    expect(
      errorOf({ environments: [direct({ production: 'yes' })] }),
    ).toContain(
      'airflow.environments[0] (name "prod"): production must be a boolean',
    );
  });

  it('reads the DAG owner mapping and the annotation trust switch', () => {
    const config = readAirflowConfig(
      new ConfigReader({
        airflow: {
          permissions: { trustAnnotations: 'true' },
          environments: [
            direct({
              dagOwners: {
                template: false,
                owners: {
                  'Data-Eng': 'group:default/team-data',
                  ml: ['a', 'b'],
                },
                tagPrefix: 'owner:',
              },
            }),
          ],
        },
      }),
    );
    expect(config.permissions).toEqual({ trustAnnotations: true });
    expect(config.environments[0].dagOwners).toEqual({
      template: undefined,
      owners: { 'data-eng': ['group:default/team-data'], ml: ['a', 'b'] },
      tagPrefix: 'owner:',
    });
  });

  it('refuses a DAG owner template without {owner}', () => {
    expect(() =>
      read({ environments: [direct({ dagOwners: { template: 'group:x' } })] }),
    ).toThrow(
      'airflow.environments[0] (name "prod"): dagOwners.template must contain {owner}',
    );
  });
});
