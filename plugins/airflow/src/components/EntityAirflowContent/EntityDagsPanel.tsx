import type {
  AirflowApproval,
  EntityDagsResponse,
} from '@airflow-portal/plugin-airflow-common';
import {
  AIRFLOW_DAG_IDS_ANNOTATION,
  AIRFLOW_DAG_TAGS_ANNOTATION,
  AIRFLOW_ENVIRONMENT_ANNOTATION,
} from '@airflow-portal/plugin-airflow-common';
import { EmptyState } from '@backstage/core-components';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useMemo, useState } from 'react';
import { DagActionsProvider } from '../DagActions/DagActionsProvider';
import { useDagOverrides } from '../DagActions/useDagOverrides';
import {
  compareFailingFirst,
  DagFilter,
  distinctTags,
  emptyDagFilter,
  matchesDagFilter,
} from '../DagTable/dagFilter';
import { DagFilterBar } from '../DagTable/DagFilterBar';
import { DagTable } from '../DagTable/DagTable';
import { useOwnerRefs } from '../DagTable/useOwnerRefs';
import {
  environmentInfo,
  EnvironmentInfo,
} from '../EnvironmentStatus/environments';
import { EnvironmentErrorAlerts } from './EnvironmentErrorAlerts';
import { EnvironmentHealthBar } from './EnvironmentHealthBar';
import { GroupDagSections } from './GroupDagSections';
import { MissingDags } from '../DeploymentChecks/MissingDags';
import type { EnvironmentStatuses } from '../EnvironmentStatus/useEnvironmentStatuses';
import { OpenDagFromLocation } from './OpenDagFromLocation';

function NoDags(props: { isGroup: boolean; searched: boolean }) {
  if (props.isGroup) {
    return (
      <EmptyState
        missing="data"
        title="No Airflow DAGs"
        description="None of the entities this team owns has DAGs bound to it."
      />
    );
  }
  return (
    <EmptyState
      missing={props.searched ? 'data' : 'info'}
      title="No Airflow DAGs"
      description={
        props.searched
          ? `No DAG in these environments matches the ${AIRFLOW_DAG_IDS_ANNOTATION} or ${AIRFLOW_DAG_TAGS_ANNOTATION} annotation of this entity.`
          : `Add the ${AIRFLOW_ENVIRONMENT_ANNOTATION} annotation and ${AIRFLOW_DAG_IDS_ANNOTATION} or ${AIRFLOW_DAG_TAGS_ANNOTATION} to bind DAGs to this entity.`
      }
    />
  );
}

/**
 * Environment health (and picker), per-environment errors, filters and the DAGs
 * of an entity with their actions and drill-down.
 */
export function EntityDagsPanel(props: {
  entityRef: string;
  response: EntityDagsResponse;
  statuses: EnvironmentStatuses;
  isGroup: boolean;
  onDialogClosed?: () => void;
  /** The entity's pending approvals, counted per section on a team page. */
  pendingApprovals?: AirflowApproval[];
}) {
  const { entityRef, response, statuses, isGroup, onDialogClosed } = props;
  const [filter, setFilter] = useState<DagFilter>(emptyDagFilter);

  const names = useMemo(
    () => response.environments.map(({ environment }) => environment),
    [response],
  );
  const environments = useMemo<Record<string, EnvironmentInfo>>(
    () =>
      Object.fromEntries(
        names.map(name => [name, environmentInfo(name, statuses.byName[name])]),
      ),
    [names, statuses.byName],
  );
  const environmentTitles = useMemo(
    () =>
      Object.fromEntries(names.map(name => [name, environments[name].title])),
    [names, environments],
  );
  const baseDags = useMemo(
    () =>
      response.environments
        .flatMap(environment => environment.dags)
        .sort(compareFailingFirst),
    [response],
  );
  const { dags: allDags, byKey, updateDag } = useDagOverrides(baseDags);
  const shownDags = useMemo(
    () => allDags.filter(dag => matchesDagFilter(dag, filter)),
    [allDags, filter],
  );
  const tags = useMemo(() => distinctTags(baseDags), [baseDags]);
  const ownerRefs = useOwnerRefs(
    useMemo(() => baseDags.flatMap(dag => dag.owners), [baseDags]),
  );
  const showEnvironment = names.length > 1 && !filter.environment;
  // When every environment failed, the warnings above say all there is to say.
  const allFailed =
    names.length > 0 && response.environments.every(({ error }) => error);

  return (
    <Stack spacing={2}>
      {isGroup && (
        <Typography variant="h6" component="h2">
          DAGs of what this team owns
        </Typography>
      )}
      {names.length > 0 && (
        <EnvironmentHealthBar
          names={names}
          statuses={statuses}
          selected={filter.environment}
          onSelect={environment => setFilter({ ...filter, environment })}
        />
      )}
      <EnvironmentErrorAlerts
        environments={response.environments}
        environmentTitles={environmentTitles}
      />
      <MissingDags
        environments={response.environments}
        environmentTitles={environmentTitles}
      />
      {allDags.length === 0 && !allFailed && (
        <NoDags isGroup={isGroup} searched={names.length > 0} />
      )}
      {allDags.length > 0 && (
        <DagActionsProvider
          dagsByKey={byKey}
          environments={environments}
          updateDag={updateDag}
          onDialogClosed={onDialogClosed}
        >
          {!isGroup && (
            <OpenDagFromLocation dagsByKey={byKey} entityRef={entityRef} />
          )}
          <DagFilterBar filter={filter} onChange={setFilter} tags={tags} />
          {isGroup ? (
            <GroupDagSections
              groupRef={entityRef}
              dags={shownDags}
              environments={environments}
              showEnvironment={showEnvironment}
              ownerRefs={ownerRefs}
              pendingApprovals={props.pendingApprovals}
            />
          ) : (
            <DagTable
              title="DAGs"
              dags={shownDags}
              environments={environments}
              showEnvironment={showEnvironment}
              actionEntityRef={entityRef}
              ownerRefs={ownerRefs}
            />
          )}
        </DagActionsProvider>
      )}
    </Stack>
  );
}
