import { ConfigReader } from '@backstage/config';
import { EnvironmentRegistry } from '../environments/EnvironmentRegistry';
import type { AirflowTransport } from '../transport/types';
import { readAirflowConfig } from './readAirflowConfig';

/* `airflow.environments[].mwaa.webLogin`: the UI sign-in identity. */

const OPERATING_ROLE = 'arn:aws:iam::123456789012:role/portal-operator';
const WEB_ROLE = 'arn:aws:iam::123456789012:role/portal-web-login';
const EXTERNAL_ID = 'external-id-never-logged';

const mwaa = (
  webLogin: Record<string, unknown> | undefined,
  extra: Record<string, unknown> = {},
) => ({
  name: 'payments',
  ...extra,
  mwaa: {
    environmentName: 'payments',
    region: 'eu-west-1',
    roleArn: OPERATING_ROLE,
    ...(webLogin ? { webLogin } : {}),
  },
});

const read = (...environments: unknown[]) =>
  readAirflowConfig(new ConfigReader({ airflow: { environments } } as any))
    .environments;

function errorOf(...environments: unknown[]): string {
  try {
    read(...environments);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected readAirflowConfig to throw');
}

describe('mwaa.webLogin', () => {
  it('is read into the MWAA connection, and the summary says signed-in links are available', () => {
    const webLogin = {
      roleArn: WEB_ROLE,
      externalId: EXTERNAL_ID,
      sessionName: 'portal-ui',
      stsEndpoint: 'https://sts.eu-west-1.amazonaws.com',
      webServerUrl: 'https://airflow.payments.example/',
    };
    const environments = read(mwaa(webLogin), mwaa(undefined, { name: 'x' }));

    expect(environments[0].connection).toMatchObject({
      kind: 'mwaa',
      roleArn: OPERATING_ROLE,
      webLogin: {
        ...webLogin,
        webServerUrl: 'https://airflow.payments.example',
      },
    });
    const registry = new EnvironmentRegistry(
      environments,
      () => ({} as AirflowTransport),
    );
    expect(registry.get('payments').summary.webLogin).toBe(true);
    // Without it the key is absent: the frontend keeps the plain link.
    expect(registry.get('x').summary).not.toHaveProperty('webLogin');
    expect(JSON.stringify(registry.get('payments').summary)).not.toContain(
      EXTERNAL_ID,
    );
  });

  it('is never the identity the portal operates with', () => {
    expect(errorOf(mwaa({ roleArn: OPERATING_ROLE }))).toBe(
      'Invalid Airflow configuration: airflow.environments[0] (name "payments"): mwaa.webLogin.roleArn must be a role of its own, not the roleArn the portal operates with: the Airflow UI session carries the Airflow role of the identity that signs the token',
    );
  });

  it('needs a role: the default chain is never used to create tokens', () => {
    expect(errorOf(mwaa({ sessionName: 'portal-ui' }))).toContain(
      'mwaa.webLogin.roleArn',
    );
    expect(errorOf(mwaa({ roleArn: 'portal-web-login' }))).toContain(
      'mwaa.webLogin.roleArn must be an IAM role ARN',
    );
  });

  it('refuses unknown keys, bad session names and plain http without allowInsecureHttp', () => {
    expect(errorOf(mwaa({ roleArn: WEB_ROLE, profile: 'ui' }))).toContain(
      'mwaa.webLogin',
    );
    expect(errorOf(mwaa({ roleArn: WEB_ROLE, sessionName: 'a b' }))).toContain(
      'mwaa.webLogin.sessionName',
    );
    const plain = errorOf(
      mwaa({
        roleArn: WEB_ROLE,
        stsEndpoint: 'http://127.0.0.1:1',
        webServerUrl: 'http://127.0.0.1:2',
      }),
    );
    expect(plain).toContain('mwaa.webLogin.stsEndpoint uses http://');
    expect(plain).toContain('mwaa.webLogin.webServerUrl uses http://');
    expect(
      read(
        mwaa(
          { roleArn: WEB_ROLE, stsEndpoint: 'http://127.0.0.1:1' },
          { allowInsecureHttp: true },
        ),
      ),
    ).toHaveLength(1);
  });

  it('never names a configured value in its messages', () => {
    expect(
      errorOf(mwaa({ roleArn: WEB_ROLE, externalId: EXTERNAL_ID, extra: 1 })),
    ).not.toContain(EXTERNAL_ID);
  });
});
