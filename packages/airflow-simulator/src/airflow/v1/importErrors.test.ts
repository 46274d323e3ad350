import { airflow2ForTests } from '../../testing/airflow2';

describe('Airflow 2 import error routes (/api/v1)', () => {
  const airflow = airflow2ForTests('v1-import-errors');
  const { get } = airflow;

  it('lists import errors with absolute file names, paged', async () => {
    const all = (await get('/api/v1/importErrors')).body;
    expect(all.total_entries).toBe(airflow.sim.state.importErrors.length);
    expect(all.import_errors[0]).toEqual({
      import_error_id: airflow.sim.state.importErrors[0].id,
      timestamp: expect.any(String),
      filename: `/opt/airflow/${airflow.sim.state.importErrors[0].filename}`,
      stack_trace: airflow.sim.state.importErrors[0].stackTrace,
    });
    const second = (await get('/api/v1/importErrors?limit=1&offset=1')).body;
    expect(second).toEqual({
      import_errors: [all.import_errors[1]],
      total_entries: all.total_entries,
    });
  });

  it('reads one import error by id, and 404 for an unknown id', async () => {
    const [first] = (await get('/api/v1/importErrors')).body.import_errors;
    expect(
      (await get(`/api/v1/importErrors/${first.import_error_id}`)).body,
    ).toEqual(first);
    expect(await get('/api/v1/importErrors/999')).toMatchObject({
      status: 404,
      body: { status: 404, title: 'Not Found' },
    });
  });
});
