import { describeAirflowError } from './errors';

describe('describeAirflowError', () => {
  it("prefers Airflow's own status and detail", () => {
    expect(
      describeAirflowError({
        name: 'UpstreamError',
        message: 'Airflow request failed',
        upstreamStatus: 403,
        detail: 'Forbidden',
      }),
    ).toBe('Airflow answered 403: Forbidden');
  });

  it("falls back to the backend's message", () => {
    expect(
      describeAirflowError({ name: 'NotFoundError', message: 'No such env' }),
    ).toBe('No such env');
  });
});
