import type { AirflowTransport } from '../transport/types';
import type { AdapterContext } from './AirflowApiAdapter';
import type { ApiDialect } from './ApiDialect';
import { RestAdapter } from './RestAdapter';
import { v1RunActions } from './v1RunActions';
import {
  mapV1Dag,
  mapV1LogChunk,
  mapV1Run,
  mapV1TaskInstance,
} from './v1Mapping';

/** Airflow 2 `/api/v1`. */
export const v1Dialect: ApiDialect = {
  apiVersion: 'v1',
  healthPath: '/health',
  // v1 has no run_after; execution_date is the logical date.
  runsOrderBy: '-execution_date',
  listDagsQuery: request => ({
    limit: request.limit,
    offset: request.offset,
    dag_id_pattern: request.dagIdPattern,
    // v1 `tags` match any of the given tags.
    tags: request.tags?.length ? request.tags : undefined,
    paused: request.paused,
    only_active: !request.includeInactive,
  }),
  // ListTaskInstanceForm has no order_by; dag_run_ids exists since Airflow 2.7.1.
  taskInstancesBatchBody: (dagId, runId, page) => ({
    dag_ids: [dagId],
    dag_run_ids: [runId],
    page_offset: page.offset,
    page_limit: page.limit,
  }),
  triggerBody: request => ({
    dag_run_id: request.runId,
    // Airflow 2 takes now when the key is absent.
    ...(request.logicalDate ? { logical_date: request.logicalDate } : {}),
    conf: request.conf,
    note: request.note,
  }),
  mapDag: mapV1Dag,
  mapRun: mapV1Run,
  mapTaskInstance: mapV1TaskInstance,
  mapLogChunk: mapV1LogChunk,
  runActions: v1RunActions,
};

export class V1Adapter extends RestAdapter {
  constructor(transport: AirflowTransport, context: AdapterContext) {
    super(transport, context, v1Dialect);
  }
}
