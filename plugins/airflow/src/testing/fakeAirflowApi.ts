import type { AirflowApi } from '../api';

/** An AirflowApi whose unlisted methods fail loudly, so a test notices unexpected calls. */
export function fakeAirflowApi(methods: Partial<AirflowApi>): AirflowApi {
  const unexpected = (name: string) => () =>
    Promise.reject(new Error(`${name} was not expected in this test`));
  return {
    listEnvironments: unexpected('listEnvironments'),
    getEnvironment: unexpected('getEnvironment'),
    listImportErrors: unexpected('listImportErrors'),
    getEntityDags: unexpected('getEntityDags'),
    listDagRuns: unexpected('listDagRuns'),
    listTaskInstances: unexpected('listTaskInstances'),
    getTaskLog: unexpected('getTaskLog'),
    getDagDetails: unexpected('getDagDetails'),
    triggerDagRun: unexpected('triggerDagRun'),
    setDagPaused: unexpected('setDagPaused'),
    listAuditRecords: unexpected('listAuditRecords'),
    getDagGrid: unexpected('getDagGrid'),
    listDagVersions: unexpected('listDagVersions'),
    listDagEventLog: unexpected('listDagEventLog'),
    ...methods,
  };
}
