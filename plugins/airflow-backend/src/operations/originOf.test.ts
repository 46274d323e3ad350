import { mockCredentials } from '@backstage/backend-test-utils';
import { originOf } from './originOf';

const user = mockCredentials.user('user:default/alice');
const viaScaffolder = {
  ...user,
  principal: {
    ...user.principal,
    actor: { type: 'service' as const, subject: 'plugin:scaffolder' },
  },
};

describe('originOf', () => {
  it('names the acting plugin from the token, and the reference it sent', () => {
    expect(originOf(viaScaffolder, 'task:6f1c2e0a-1b2c')).toBe(
      'plugin:scaffolder task:6f1c2e0a-1b2c',
    );
  });

  it('names the acting plugin alone when the reference is absent or malformed', () => {
    expect(originOf(viaScaffolder, undefined)).toBe('plugin:scaffolder');
    expect(originOf(viaScaffolder, 'task:<script>')).toBe('plugin:scaffolder');
    expect(originOf(viaScaffolder, ['task:a', 'task:b'])).toBe(
      'plugin:scaffolder',
    );
  });

  it('ignores a reference a user sent with their own token', () => {
    expect(originOf(user, 'task:forged')).toBeUndefined();
  });
});
