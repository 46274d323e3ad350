import type { AirflowApproval } from '@airflow-portal/plugin-airflow-common';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@mui/material/Box';
import Stack from '@mui/material/Stack';
import { useMemo, useReducer, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { airflowApiRef } from '../../api';
import { EntityAuditCard } from '../Audit';
import { ApprovalsPanel } from '../Approvals';
import { AirflowErrorAlert } from '../display/AirflowErrorAlert';
import { EntityDagsPanel } from './EntityDagsPanel';
import { EntityEventLogCard } from '../DagReads/EntityEventLogCard';
import { OwnedEnvironments } from './OwnedEnvironments';
import { useEnvironmentStatuses } from '../EnvironmentStatus/useEnvironmentStatuses';

/**
 * The Airflow tab of an entity: the DAGs bound to it with their latest runs and
 * the health of the environments they live in. On a team (Group) page: the
 * environments the team owns, and the DAGs of everything it owns. Users with
 * `airflow.audit.read` also see the entity's audit trail.
 */
export function EntityAirflowContent() {
  const { entity } = useEntity();
  const api = useApi(airflowApiRef);
  const entityRef = stringifyEntityRef(entity);
  const isGroup = entity.kind.toLocaleLowerCase('en-US') === 'group';
  // Each closed trigger/pause dialog may have left an audit record: re-read the card.
  const [auditGeneration, refreshAudit] = useReducer((n: number) => n + 1, 0);
  // Read by the approvals panel; a team's DAG sections count them too.
  const [pendingApprovals, setPendingApprovals] = useState<AirflowApproval[]>(
    [],
  );

  const dags = useAsync(() => api.getEntityDags(entityRef), [api, entityRef]);
  const boundDags = useMemo(
    () =>
      (dags.value?.environments ?? []).flatMap(({ environment, dags: bound }) =>
        bound.map(({ dagId }) => ({ environment, dagId })),
      ),
    [dags.value],
  );
  const statuses = useEnvironmentStatuses(
    dags.value?.environments.map(({ environment }) => environment) ?? [],
    isGroup,
  );

  let dagsPanel;
  if (dags.loading) {
    dagsPanel = <Progress />;
  } else if (dags.error) {
    dagsPanel = (
      <AirflowErrorAlert
        title="The Airflow DAGs of this entity could not be read"
        error={dags.error}
      />
    );
  } else {
    dagsPanel = (
      <EntityDagsPanel
        entityRef={entityRef}
        response={dags.value!}
        statuses={statuses}
        isGroup={isGroup}
        onDialogClosed={refreshAudit}
        pendingApprovals={pendingApprovals}
      />
    );
  }

  return (
    <Stack spacing={4}>
      {isGroup && (
        <OwnedEnvironments groupRef={entityRef} statuses={statuses} />
      )}
      {dagsPanel}
      <ApprovalsPanel
        entityRef={entityRef}
        onAnswered={refreshAudit}
        onPending={setPendingApprovals}
      />
      {/* Actions on a team's DAGs are audited under the owned entities, not the team. */}
      {/* The portal's trail and Airflow's own log side by side on wide screens (the audit table needs ~820 px). */}
      {!isGroup && (
        <Box
          sx={{
            display: 'grid',
            gap: 3,
            gridTemplateColumns:
              'repeat(auto-fit, minmax(min(100%, 820px), 1fr))',
          }}
        >
          <EntityAuditCard key={auditGeneration} entityRef={entityRef} />
          <EntityEventLogCard entityRef={entityRef} dags={boundDags} />
        </Box>
      )}
    </Stack>
  );
}
