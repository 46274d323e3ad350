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
    listEntityApprovals: unexpected('listEntityApprovals'),
    respondToApproval: unexpected('respondToApproval'),
    listApprovalCounts: unexpected('listApprovalCounts'),
    listBackfills: unexpected('listBackfills'),
    previewBackfill: unexpected('previewBackfill'),
    createBackfill: unexpected('createBackfill'),
    changeBackfill: unexpected('changeBackfill'),
    createWebLogin: unexpected('createWebLogin'),
    previewClearTaskInstances: unexpected('previewClearTaskInstances'),
    clearTaskInstances: unexpected('clearTaskInstances'),
    previewMarkDagRun: unexpected('previewMarkDagRun'),
    markDagRun: unexpected('markDagRun'),
    setDagRunNote: unexpected('setDagRunNote'),
    previewMarkTaskInstance: unexpected('previewMarkTaskInstance'),
    markTaskInstance: unexpected('markTaskInstance'),
    setTaskInstanceNote: unexpected('setTaskInstanceNote'),
    getDagGrid: unexpected('getDagGrid'),
    listDagVersions: unexpected('listDagVersions'),
    listDagEventLog: unexpected('listDagEventLog'),
    ...methods,
  };
}
