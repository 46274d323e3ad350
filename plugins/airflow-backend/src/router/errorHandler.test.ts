import { mockServices } from '@backstage/backend-test-utils';
import { ServiceUnavailableError } from '@backstage/errors';
import express from 'express';
import request from 'supertest';
import { httpFailure } from '../transport/errors';
import { errorHandler } from './errorHandler';

/** An app whose one route fails with `error`, answered by the error handler. */
function appFailingWith(error: Error) {
  const logger = mockServices.logger.mock();
  const app = express();
  app.get('/fail', () => {
    throw error;
  });
  app.use(errorHandler(logger));
  return { app, logger };
}

const ctx = { environment: 'prod', operation: 'POST /dags/x/dagRuns' };

describe('errorHandler', () => {
  it("relays Airflow's status and detail with secrets redacted", async () => {
    const { app } = appFailingWith(
      httpFailure(
        ctx,
        400,
        "Invalid input for param api_token: 'tok-123' uri postgres://u:pw@db/x",
      ),
    );
    const res = await request(app).get('/fail');
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).not.toMatch(/tok-123|:pw@/);
    expect(res.body.error).toMatchObject({
      name: 'UpstreamError',
      upstreamStatus: 400,
      detail:
        'Invalid input for param api_token: [REDACTED] uri postgres://u:[REDACTED]@db/x',
    });
  });

  it('shows an AWS failure without account ids or role ARNs, and logs them', async () => {
    const message =
      'User: arn:aws:sts::123456789012:assumed-role/portal/s is not authorized to perform: airflow:InvokeRestApi';
    const { app, logger } = appFailingWith(
      httpFailure(ctx, 403, message, {
        kind: 'auth',
        awsErrorType: 'AccessDeniedException',
      }),
    );
    const res = await request(app).get('/fail');
    expect(res.status).toBe(502);
    expect(JSON.stringify(res.body)).not.toMatch(/123456789012|arn:aws/);
    expect(res.body.error.detail).toBe(
      'User: [ARN] is not authorized to perform: airflow:InvokeRestApi',
    );
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        'arn:aws:sts::123456789012:assumed-role/portal/s',
      ),
    );
  });

  it('answers an error of its own with 500 and no internals', async () => {
    const { app } = appFailingWith(new RangeError('secret internal state'));
    const res = await request(app).get('/fail');
    expect(res.status).toBe(500);
    expect(res.body.error).toEqual({
      name: 'Error',
      message: 'Internal server error',
    });
  });
});

describe('errorHandler on a 503 of the portal itself', () => {
  it('tells the client when to try again', async () => {
    const { app } = appFailingWith(
      new ServiceUnavailableError(
        'The permission check could not be made right now',
      ),
    );
    const res = await request(app).get('/fail');
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.body.error).toMatchObject({
      name: 'ServiceUnavailableError',
      message: 'The permission check could not be made right now',
    });
  });
});
