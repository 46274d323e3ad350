import type { AirflowTransport } from '../transport/types';
import type { AdapterContext } from './AirflowApiAdapter';
import type { ApiDialect } from './ApiDialect';
import { RestAdapter } from './RestAdapter';
import { v2RunActions } from './v2RunActions';
import {
  mapV2Dag,
  mapV2LogChunk,
  mapV2Run,
  mapV2TaskInstance,
} from './v2Mapping';

/** Airflow 3 `/api/v2`. Sends only parameters Airflow 3.0 knows (MWAA runs 3.0.x). */
export const v2Dialect: ApiDialect = {
  apiVersion: 'v2',
  healthPath: '/monitor/health',
  runsOrderBy: '-run_after',
  listDagsQuery: request => {
    const tags = request.tags?.length ? request.tags : undefined;
    return {
      limit: request.limit,
      offset: request.offset,
      dag_id_pattern: request.dagIdPattern,
      tags,
      tags_match_mode: tags ? 'any' : undefined,
      paused: request.paused,
      exclude_stale: !request.includeInactive,
    };
  },
  // TaskInstancesBatchBody forbids unknown fields; these five exist since 3.0.
  // map_index is the order GET .../taskInstances uses by default.
  taskInstancesBatchBody: (dagId, runId, page) => ({
    dag_ids: [dagId],
    dag_run_ids: [runId],
    page_offset: page.offset,
    page_limit: page.limit,
    order_by: 'map_index',
  }),
  triggerBody: request => ({
    dag_run_id: request.runId,
    // Airflow 3 requires the key; null lets Airflow choose.
    logical_date: request.logicalDate ?? null,
    conf: request.conf,
    note: request.note,
  }),
  mapDag: mapV2Dag,
  mapRun: mapV2Run,
  mapTaskInstance: mapV2TaskInstance,
  mapLogChunk: mapV2LogChunk,
  runActions: v2RunActions,
};

export class V2Adapter extends RestAdapter {
  constructor(transport: AirflowTransport, context: AdapterContext) {
    super(transport, context, v2Dialect);
  }
}
