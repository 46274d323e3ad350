import { dagOwnerRefs } from './dagOwnerRefs';

describe('dagOwnerRefs', () => {
  it('maps owners by the template', () => {
    expect(
      dagOwnerRefs(
        { template: 'group:default/{owner}', owners: {} },
        { owners: ['team-data', 'airflow'], tags: ['owner:x'] },
      ),
    ).toEqual(['group:default/team-data', 'group:default/airflow']);
  });

  it('prefers explicit entries (any case) and reads owner tags', () => {
    expect(
      dagOwnerRefs(
        {
          template: 'group:default/{owner}',
          owners: { 'data eng': ['group:data/team-data', 'user:default/dan'] },
          tagPrefix: 'owner:',
        },
        { owners: ['Data Eng'], tags: ['owner:team-ml', 'etl', 'owner:'] },
      ),
    ).toEqual([
      'group:data/team-data',
      'user:default/dan',
      'group:default/team-ml',
    ]);
  });

  it('maps only explicit entries without a template', () => {
    expect(
      dagOwnerRefs(
        { owners: { ops: ['group:default/platform-team'] } },
        { owners: ['ops', 'team-data'], tags: [] },
      ),
    ).toEqual(['group:default/platform-team']);
  });
});
