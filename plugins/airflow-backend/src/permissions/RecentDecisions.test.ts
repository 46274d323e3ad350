import {
  airflowDagReadPermission,
  airflowDagTriggerPermission,
  airflowTaskLogReadPermission,
} from '@airflow-portal/plugin-airflow-common';
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import { RecentDecisions } from './RecentDecisions';

const READ = airflowDagReadPermission;

function setup(options: { ttlMs?: number; maxEntries?: number } = {}) {
  let now = 1_000_000;
  let answer: PolicyDecision = { result: AuthorizeResult.ALLOW };
  const asked: string[] = [];
  const permissions = mockServices.permissions.mock({
    authorizeConditional: async (requests, { credentials }) => {
      const principal = credentials.principal as {
        type: string;
        userEntityRef?: string;
      };
      asked.push(principal.userEntityRef ?? principal.type);
      return requests.map(() => answer);
    },
  });
  const decisions = new RecentDecisions({
    permissions,
    ttlMs: options.ttlMs ?? 5_000,
    maxEntries: options.maxEntries,
    now: () => now,
  });
  return {
    decisions,
    asked,
    advance: (ms: number) => {
      now += ms;
    },
    answer: (decision: PolicyDecision) => {
      answer = decision;
    },
    permissions,
  };
}

describe('RecentDecisions', () => {
  it('asks once for the same caller within the TTL, again after it', async () => {
    const { decisions, asked, advance, answer } = setup();
    const alice = mockCredentials.user('user:default/alice');

    await decisions.authorizeConditional(READ, alice);
    advance(4_999);
    answer({ result: AuthorizeResult.DENY });
    expect(await decisions.authorizeConditional(READ, alice)).toEqual({
      result: AuthorizeResult.ALLOW,
    });
    expect(asked).toEqual(['user:default/alice']);

    advance(1);
    expect(await decisions.authorizeConditional(READ, alice)).toEqual({
      result: AuthorizeResult.DENY,
    });
    expect(asked).toEqual(['user:default/alice', 'user:default/alice']);
  });

  it('does not ask again while the first question is still open', async () => {
    const { decisions, permissions, advance } = setup();
    const alice = mockCredentials.user('user:default/alice');
    let answer: (decisions: PolicyDecision[]) => void = () => {};
    (permissions.authorizeConditional as jest.Mock).mockImplementationOnce(
      () =>
        new Promise(resolve => {
          answer = resolve;
        }),
    );

    const first = decisions.authorizeConditional(READ, alice);
    advance(3_000);
    const second = decisions.authorizeConditional(READ, alice);
    answer([{ result: AuthorizeResult.ALLOW }]);

    expect(await first).toEqual({ result: AuthorizeResult.ALLOW });
    expect(await second).toEqual({ result: AuthorizeResult.ALLOW });
    expect(permissions.authorizeConditional).toHaveBeenCalledTimes(1);
  });

  it('asks what a request will need next in the same request, once', async () => {
    const { decisions, permissions } = setup();
    const alice = mockCredentials.user('user:default/alice');
    const next = [airflowDagTriggerPermission, airflowTaskLogReadPermission];

    await decisions.authorizeConditional(READ, alice, next);
    await decisions.authorizeConditional(airflowDagTriggerPermission, alice);
    await decisions.authorizeConditional(READ, alice, next);
    await decisions.authorizeConditional(airflowTaskLogReadPermission, alice);

    const asked = (permissions.authorizeConditional as jest.Mock).mock.calls;
    expect(asked).toHaveLength(1);
    expect(
      asked[0][0].map(
        (r: { permission: { name: string } }) => r.permission.name,
      ),
    ).toEqual([
      'airflow.dag.read',
      'airflow.dag.trigger',
      'airflow.task.log.read',
    ]);
  });

  it('asks only for what is not kept yet', async () => {
    const { decisions, permissions, advance } = setup();
    const alice = mockCredentials.user('user:default/alice');

    await decisions.authorizeConditional(airflowDagTriggerPermission, alice);
    advance(1_000);
    await decisions.authorizeConditional(READ, alice, [
      airflowDagTriggerPermission,
      airflowTaskLogReadPermission,
    ]);

    const asked = (permissions.authorizeConditional as jest.Mock).mock.calls;
    expect(
      asked.map(call =>
        call[0].map((r: { permission: { name: string } }) => r.permission.name),
      ),
    ).toEqual([
      ['airflow.dag.trigger'],
      ['airflow.dag.read', 'airflow.task.log.read'],
    ]);
  });

  it('reuses basic decisions the same way', async () => {
    const { decisions, permissions, advance } = setup();
    const alice = mockCredentials.user('user:default/alice');
    const basic = { type: 'basic', name: 'x.read', attributes: {} } as const;
    (permissions.authorize as jest.Mock).mockResolvedValue([
      { result: AuthorizeResult.ALLOW },
    ]);

    await decisions.authorizeBasic(basic, alice);
    advance(1_000);
    await decisions.authorizeBasic(basic, alice);
    expect(permissions.authorize).toHaveBeenCalledTimes(1);
  });

  it('never gives one caller the answer asked for another', async () => {
    const { decisions, asked, answer } = setup();

    await decisions.authorizeConditional(
      READ,
      mockCredentials.user('user:default/alice'),
    );
    answer({ result: AuthorizeResult.DENY });
    const bob = await decisions.authorizeConditional(
      READ,
      mockCredentials.user('user:default/bob'),
    );

    expect(bob).toEqual({ result: AuthorizeResult.DENY });
    expect(asked).toEqual(['user:default/alice', 'user:default/bob']);
  });

  it('keys by token: another token of the same user is asked about', async () => {
    const { decisions, asked } = setup();
    const withToken = (token: string): BackstageCredentials => {
      const credentials = mockCredentials.user('user:default/alice');
      Object.defineProperty(credentials, 'token', { value: token });
      return credentials;
    };

    await decisions.authorizeConditional(READ, withToken('first'));
    await decisions.authorizeConditional(READ, withToken('first'));
    await decisions.authorizeConditional(READ, withToken('second'));

    expect(asked).toHaveLength(2);
  });

  it('keys by permission', async () => {
    const { decisions, asked } = setup();
    const alice = mockCredentials.user('user:default/alice');

    await decisions.authorizeConditional(READ, alice);
    await decisions.authorizeConditional(
      { ...READ, name: 'airflow.dag.trigger' },
      alice,
    );

    expect(asked).toHaveLength(2);
  });

  it('joins concurrent questions of the same caller', async () => {
    const { decisions, asked } = setup();
    const alice = mockCredentials.user('user:default/alice');

    await Promise.all([
      decisions.authorizeConditional(READ, alice),
      decisions.authorizeConditional(READ, alice),
      decisions.authorizeConditional(READ, alice),
    ]);

    expect(asked).toHaveLength(1);
  });

  it('does not keep a failed request', async () => {
    const { decisions, permissions } = setup();
    const alice = mockCredentials.user('user:default/alice');
    permissions.authorizeConditional.mockRejectedValueOnce(
      new Error('permission backend down'),
    );

    await expect(decisions.authorizeConditional(READ, alice)).rejects.toThrow(
      'permission backend down',
    );
    expect(await decisions.authorizeConditional(READ, alice)).toEqual({
      result: AuthorizeResult.ALLOW,
    });
    expect(permissions.authorizeConditional).toHaveBeenCalledTimes(2);
  });

  it('does not keep an answer past the token’s expiry', async () => {
    const { decisions, asked, advance } = setup();
    const alice = mockCredentials.user('user:default/alice');
    Object.defineProperty(alice, 'expiresAt', {
      value: new Date(1_000_000 + 1_000),
    });

    await decisions.authorizeConditional(READ, alice);
    advance(1_000);
    await decisions.authorizeConditional(READ, alice);

    expect(asked).toHaveLength(2);
  });

  it('asks every time for credentials without a user token', async () => {
    const { decisions, asked } = setup();
    const service = mockCredentials.service();

    await decisions.authorizeConditional(READ, service);
    await decisions.authorizeConditional(READ, service);

    expect(asked).toEqual(['service', 'service']);
  });

  it('keeps at most maxEntries callers', async () => {
    const { decisions, asked } = setup({ maxEntries: 2 });
    const user = (name: string) => mockCredentials.user(`user:default/${name}`);

    await decisions.authorizeConditional(READ, user('a'));
    await decisions.authorizeConditional(READ, user('b'));
    await decisions.authorizeConditional(READ, user('c'));
    // `a`, the oldest, was dropped; `c` is still kept.
    await decisions.authorizeConditional(READ, user('a'));
    await decisions.authorizeConditional(READ, user('c'));

    expect(asked).toEqual([
      'user:default/a',
      'user:default/b',
      'user:default/c',
      'user:default/a',
    ]);
  });

  it('with a TTL of 0, asks every time', async () => {
    const { decisions, asked } = setup({ ttlMs: 0 });
    const alice = mockCredentials.user('user:default/alice');

    await decisions.authorizeConditional(READ, alice);
    await decisions.authorizeConditional(READ, alice);

    expect(asked).toHaveLength(2);
  });
});
