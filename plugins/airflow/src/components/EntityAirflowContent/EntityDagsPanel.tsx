import type { EntityDagsResponse } from '@airflow-portal/plugin-airflow-common';
import {
  AIRFLOW_DAG_IDS_ANNOTATION,
  AIRFLOW_DAG_TAGS_ANNOTATION,
  AIRFLOW_ENVIRONMENT_ANNOTATION,
} from '@airflow-portal/plugin-airflow-common';
import { EmptyState } from '@backstage/core-components';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useMemo, useState } from 'react';
import {
  compareFailingFirst,
  DagFilter,
  distinctTags,
  emptyDagFilter,
  matchesDagFilter,
} from './dagFilter';
import { DagFilterBar } from './DagFilterBar';
import { DagTable } from './DagTable';
import { EnvironmentErrorAlerts } from './EnvironmentErrorAlerts';
import { EnvironmentHealthBar } from './EnvironmentHealthBar';
import { GroupDagSections } from './GroupDagSections';
import type { EnvironmentStatuses } from './useEnvironmentStatuses';

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

/** Environment health, per-environment errors, filters and the DAGs of an entity. */
export function EntityDagsPanel(props: {
  response: EntityDagsResponse;
  statuses: EnvironmentStatuses;
  isGroup: boolean;
}) {
  const { response, statuses, isGroup } = props;
  const [filter, setFilter] = useState<DagFilter>(emptyDagFilter);

  const names = response.environments.map(({ environment }) => environment);
  const environmentTitles = useMemo(
    () =>
      Object.fromEntries(
        response.environments.map(({ environment }) => [
          environment,
          statuses.byName[environment]?.title ?? environment,
        ]),
      ),
    [response, statuses.byName],
  );
  const allDags = useMemo(
    () =>
      response.environments
        .flatMap(environment => environment.dags)
        .sort(compareFailingFirst),
    [response],
  );
  const shownDags = useMemo(
    () => allDags.filter(dag => matchesDagFilter(dag, filter)),
    [allDags, filter],
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
        <EnvironmentHealthBar names={names} statuses={statuses} />
      )}
      <EnvironmentErrorAlerts
        environments={response.environments}
        environmentTitles={environmentTitles}
      />
      {allDags.length === 0 && !allFailed && (
        <NoDags isGroup={isGroup} searched={names.length > 0} />
      )}
      {allDags.length > 0 && (
        <>
          <DagFilterBar
            filter={filter}
            onChange={setFilter}
            environments={names.map(name => ({
              value: name,
              label: environmentTitles[name],
            }))}
            tags={distinctTags(allDags)}
          />
          {isGroup ? (
            <GroupDagSections
              dags={shownDags}
              environmentTitles={environmentTitles}
              showEnvironment={showEnvironment}
            />
          ) : (
            <DagTable
              title="DAGs"
              dags={shownDags}
              environmentTitles={environmentTitles}
              showEnvironment={showEnvironment}
            />
          )}
        </>
      )}
    </Stack>
  );
}
