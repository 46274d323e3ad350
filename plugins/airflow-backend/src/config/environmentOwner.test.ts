import { ConfigReader } from '@backstage/config';
import { readAirflowConfig } from './readAirflowConfig';

/* `owner` becomes the environment Resource's owner in the catalog: an entity ref. */
function ownerOf(owner: string) {
  return readAirflowConfig(
    new ConfigReader({
      airflow: {
        environments: [
          {
            name: 'prod',
            owner,
            baseUrl: 'https://airflow.example.com',
            auth: { type: 'token', token: 't' },
          },
        ],
      },
    }),
  ).environments[0].owner;
}

describe('airflow.environments[].owner', () => {
  it('is kept as a full entity ref, a bare name being a group of the default namespace', () => {
    expect(ownerOf('group:default/platform-team')).toBe(
      'group:default/platform-team',
    );
    expect(ownerOf('platform-team')).toBe('group:default/platform-team');
    expect(ownerOf('user:ops/ada')).toBe('user:ops/ada');
  });

  it('refuses what is not an entity ref, naming the key', () => {
    for (const owner of ['group:default/a/b', 'team data', 'group:']) {
      expect(() => ownerOf(owner)).toThrow(/owner/);
    }
  });
});
