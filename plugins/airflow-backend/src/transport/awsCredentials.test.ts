import { memoizeCredentials } from './awsCredentials';

describe('memoizeCredentials', () => {
  it('reuses credentials until shortly before they expire, with one shared refresh', async () => {
    let now = Date.parse('2025-01-01T00:00:00Z');
    let calls = 0;
    const provider = memoizeCredentials(
      async () => {
        calls++;
        return {
          accessKeyId: `AKID${calls}`,
          secretAccessKey: 'secret',
          expiration: new Date(now + 60 * 60_000),
        };
      },
      () => now,
    );

    const first = await Promise.all([provider(), provider(), provider()]);
    expect(first.map(c => c.accessKeyId)).toEqual(['AKID1', 'AKID1', 'AKID1']);
    now += 50 * 60_000;
    expect((await provider()).accessKeyId).toBe('AKID1');
    now += 6 * 60_000; // within 5 minutes of expiry
    expect((await provider()).accessKeyId).toBe('AKID2');
    expect(calls).toBe(2);
  });

  it('does not cache a failure', async () => {
    let calls = 0;
    const provider = memoizeCredentials(async () => {
      calls++;
      if (calls === 1) throw new Error('sts down');
      return { accessKeyId: 'A', secretAccessKey: 'S' };
    });
    await expect(provider()).rejects.toThrow('sts down');
    await expect(provider()).resolves.toMatchObject({ accessKeyId: 'A' });
  });
});
