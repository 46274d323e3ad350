import { permissionStoreGuard } from './permissionStoreGuard';
import { storeProbe } from './permissionStoreProbe';

/** A minimal express request/response pair that records what was sent. */
function exchange(path = '/authorize', method = 'POST') {
  const sent: { status: number; headers: Record<string, string>; body?: any } =
    { status: 200, headers: {} };
  let done: () => void = () => {};
  const finished = new Promise<void>(resolve => {
    done = resolve;
  });
  const res: any = {
    statusCode: 200,
    status(code: number) {
      this.statusCode = code;
      sent.status = code;
      return this;
    },
    setHeader(name: string, value: string) {
      sent.headers[name.toLowerCase()] = value;
    },
    json(body: unknown) {
      sent.body = body;
      done();
      return this;
    },
  };
  const req: any = { method, path, originalUrl: `/api/permission${path}` };
  return { req, res, sent, finished };
}

/** Runs the guard, then the permission router's answer `body`. */
async function answer(body: unknown, storeReachable: () => Promise<boolean>) {
  const guard = permissionStoreGuard({ storeReachable }) as any;
  const { req, res, sent, finished } = exchange();
  const next = jest.fn();
  guard(req, res, next);
  expect(next).toHaveBeenCalledTimes(1);
  res.json(body);
  await finished;
  return sent;
}

const allow = { items: [{ id: '1', result: 'ALLOW' }] };
const denyAmongOthers = {
  items: [
    { id: '1', result: 'ALLOW' },
    { id: '2', result: 'DENY' },
  ],
};

describe('permissionStoreGuard', () => {
  it('sends a DENY unchanged when the policy store answers', async () => {
    const storeReachable = jest.fn(async () => true);
    const sent = await answer(denyAmongOthers, storeReachable);
    expect(storeReachable).toHaveBeenCalledTimes(1);
    expect(sent).toEqual({ status: 200, headers: {}, body: denyAmongOthers });
  });

  it('answers 503 with Retry-After when a DENY comes while the store cannot be read', async () => {
    const sent = await answer(denyAmongOthers, async () => false);
    expect(sent.status).toBe(503);
    expect(sent.headers['retry-after']).toBe('5');
    expect(sent.body.error).toMatchObject({
      name: 'ServiceUnavailableError',
      message: expect.stringContaining('no decision was made'),
    });
    // The decisions themselves are not sent: no item can be read as an allow.
    expect(JSON.stringify(sent.body)).not.toContain('ALLOW');
  });

  it('treats a failing probe as an unreachable store', async () => {
    const sent = await answer(denyAmongOthers, () =>
      Promise.reject(new Error('connect ECONNREFUSED')),
    );
    expect(sent.status).toBe(503);
  });

  it('never asks the store for answers without a DENY', async () => {
    const storeReachable = jest.fn(async () => false);
    const conditional = {
      items: [{ id: '1', result: 'CONDITIONAL', conditions: {} }],
    };
    expect(await answer(allow, storeReachable)).toMatchObject({
      status: 200,
      body: allow,
    });
    expect(await answer(conditional, storeReachable)).toMatchObject({
      status: 200,
      body: conditional,
    });
    expect(storeReachable).not.toHaveBeenCalled();
  });

  it('leaves other routes of the permission plugin alone', () => {
    const storeReachable = jest.fn(async () => false);
    const guard = permissionStoreGuard({ storeReachable }) as any;
    const { req, res } = exchange('/roles', 'GET');
    const json = res.json;
    const next = jest.fn();
    guard(req, res, next);
    expect(next).toHaveBeenCalledTimes(1);
    expect(res.json).toBe(json);
  });
});

describe('storeProbe', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('is reachable when select 1 answers, and shares one query between callers', async () => {
    const raw = jest.fn(async () => [{ '?column?': 1 }]);
    const probe = storeProbe(async () => ({ raw } as any));
    await expect(Promise.all([probe(), probe()])).resolves.toEqual([
      true,
      true,
    ]);
    expect(raw).toHaveBeenCalledTimes(1);
    await expect(probe()).resolves.toBe(true);
    expect(raw).toHaveBeenCalledTimes(2);
  });

  it('is unreachable when the query fails', async () => {
    const probe = storeProbe(
      async () =>
        ({
          raw: async () => {
            throw new Error('Connection terminated');
          },
        } as any),
    );
    await expect(probe()).resolves.toBe(false);
  });

  it('is unreachable when the query does not answer within the timeout', async () => {
    const probe = storeProbe(
      async () => ({ raw: () => new Promise(() => {}) } as any),
      2_000,
    );
    const result = probe();
    await jest.advanceTimersByTimeAsync(2_000);
    await expect(result).resolves.toBe(false);
  });
});
