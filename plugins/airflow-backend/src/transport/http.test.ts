import { sendHttp } from './http';

const ctx = { environment: 'prod', operation: 'GET /dags' };
const LIMIT = 1_000;

/** A fetch answering `body` with `headers`, whatever is asked. */
const answering =
  (body: string, headers: Record<string, string>): typeof fetch =>
  async () =>
    new Response(body, { status: 200, headers });

const limitError = { details: { kind: 'limit' } };

describe('sendHttp under a size limit', () => {
  it('reads an uncompressed body within its declared length', async () => {
    const body = JSON.stringify({ dags: ['a'] });
    const res = await sendHttp(
      answering(body, { 'content-length': String(body.length) }),
      'http://airflow/api/v2/dags',
      {},
      ctx,
      LIMIT,
    );
    expect(res.text).toBe(body);
  });

  it('refuses a declared length over the limit before reading', async () => {
    await expect(
      sendHttp(
        answering('x', { 'content-length': String(LIMIT + 1) }),
        'http://airflow/api/v2/dags',
        {},
        ctx,
        LIMIT,
      ),
    ).rejects.toMatchObject(limitError);
  });

  it('refuses a body longer than the limit whose header claimed less', async () => {
    await expect(
      sendHttp(
        answering('x'.repeat(LIMIT + 1), { 'content-length': '10' }),
        'http://airflow/api/v2/dags',
        {},
        ctx,
        LIMIT,
      ),
    ).rejects.toMatchObject(limitError);
  });

  it('counts a compressed body as it is read, not by its declared length', async () => {
    await expect(
      sendHttp(
        answering('x'.repeat(LIMIT + 1), {
          'content-length': '10',
          'content-encoding': 'gzip',
        }),
        'http://airflow/api/v2/dags',
        {},
        ctx,
        LIMIT,
      ),
    ).rejects.toMatchObject(limitError);
  });

  it('counts a body without a declared length as it is read', async () => {
    const body = 'y'.repeat(LIMIT);
    const res = await sendHttp(
      answering(body, {}),
      'http://airflow/api/v2/dags',
      {},
      ctx,
      LIMIT,
    );
    expect(res.text).toBe(body);
  });
});
