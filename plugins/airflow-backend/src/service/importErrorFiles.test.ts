import type {
  AirflowDag,
  AirflowImportError,
} from '@airflow-portal/plugin-airflow-common';
import {
  pathSegments,
  readableImportErrors,
  sameDagFile,
} from './importErrorFiles';

const dag = (dagId: string, fileloc?: string): AirflowDag => ({
  environment: 'prod',
  dagId,
  displayName: dagId,
  isPaused: false,
  isActive: true,
  owners: [],
  tags: [],
  hasImportErrors: true,
  fileloc,
});

const importError = (id: number, filename: string): AirflowImportError => ({
  id,
  filename,
  stackTrace: `Traceback of ${filename}`,
});

describe('pathSegments', () => {
  it('reads backslashes as slashes and drops empty and "." segments', () => {
    expect(pathSegments('/opt//airflow/./dags\\team\\etl.py')).toEqual([
      'opt',
      'airflow',
      'dags',
      'team',
      'etl.py',
    ]);
  });
});

describe('sameDagFile', () => {
  it.each([
    // Airflow 2: both absolute.
    ['/opt/airflow/dags/team/etl.py', '/opt/airflow/dags/team/etl.py', true],
    // Airflow 3: import errors relative to the bundle, DAGs absolute.
    ['team/etl.py', '/opt/airflow/dags/team/etl.py', true],
    ['etl.py', '/opt/airflow/dags/etl.py', true],
    // Either side may be the shorter one.
    ['/opt/airflow/dags/team/etl.py', 'team/etl.py', true],
    // Whole segments only.
    ['etl.py', '/opt/airflow/dags/x_etl.py', false],
    ['eam/etl.py', '/opt/airflow/dags/team/etl.py', false],
    // Another folder, same file name.
    ['other/etl.py', '/opt/airflow/dags/team/etl.py', false],
    ['', '/opt/airflow/dags/etl.py', false],
  ])('%s and %s: %s', (filename, fileloc, same) => {
    expect(sameDagFile(filename, fileloc)).toBe(same);
  });
});

describe('readableImportErrors', () => {
  const mine = dag('mine', '/opt/airflow/dags/team-a/etl.py');
  const theirs = dag('theirs', '/opt/airflow/dags/team-b/etl.py');
  const rootFile = dag('root', '/opt/airflow/dags/etl.py');
  const noFile = dag('nofile');
  const allowOnly =
    (...allowed: AirflowDag[]) =>
    async (dags: AirflowDag[]) =>
      dags.map(d => allowed.includes(d));

  it('keeps the errors of files whose DAGs the reader may read, asking once', async () => {
    const errors = [
      importError(1, 'team-a/etl.py'),
      importError(2, 'team-b/etl.py'),
    ];
    const mayRead = jest.fn(allowOnly(mine));
    const readable = await readableImportErrors(
      errors,
      [mine, theirs, noFile],
      mayRead,
    );
    expect(readable).toEqual([errors[0]]);
    expect(mayRead).toHaveBeenCalledTimes(1);
    expect(mayRead).toHaveBeenCalledWith([mine, theirs]);
  });

  it('hides a file name that also matches a DAG the reader may not read', async () => {
    // `etl.py` (bundle root) matches every etl.py of the environment.
    const errors = [importError(1, 'etl.py')];
    expect(
      await readableImportErrors(
        errors,
        [mine, theirs, rootFile],
        allowOnly(mine, rootFile),
      ),
    ).toEqual([]);
    expect(
      await readableImportErrors(
        errors,
        [mine, theirs, rootFile],
        allowOnly(mine, theirs, rootFile),
      ),
    ).toEqual(errors);
  });

  it('hides the errors of files no DAG is known for', async () => {
    const mayRead = jest.fn(allowOnly(mine));
    expect(
      await readableImportErrors(
        [importError(1, 'new/never_parsed.py')],
        [mine, noFile],
        mayRead,
      ),
    ).toEqual([]);
    expect(mayRead).toHaveBeenCalledWith([]);
  });
});
