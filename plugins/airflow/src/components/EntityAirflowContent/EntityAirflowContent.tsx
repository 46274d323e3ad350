import { stringifyEntityRef } from '@backstage/catalog-model';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Stack from '@mui/material/Stack';
import { useReducer } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { airflowApiRef } from '../../api';
import { EntityAuditCard } from '../Audit';
import { ApprovalsPanel } from '../Approvals';
import { AirflowErrorAlert } from '../display/AirflowErrorAlert';
import { EntityDagsPanel } from './EntityDagsPanel';
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

  const dags = useAsync(() => api.getEntityDags(entityRef), [api, entityRef]);
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
      />
    );
  }

  return (
    <Stack spacing={4}>
      {isGroup && (
        <OwnedEnvironments groupRef={entityRef} statuses={statuses} />
      )}
      {dagsPanel}
      <ApprovalsPanel entityRef={entityRef} onAnswered={refreshAudit} />
      {/* Actions on a team's DAGs are audited under the owned entities, not the team. */}
      {!isGroup && (
        <EntityAuditCard key={auditGeneration} entityRef={entityRef} />
      )}
    </Stack>
  );
}
