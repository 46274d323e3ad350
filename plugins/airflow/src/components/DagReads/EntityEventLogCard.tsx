import { InfoCard } from '@backstage/core-components';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useMemo, useState } from 'react';
import type { AirflowEntityDagRef } from '../../api';
import { EventLogPanel } from './EventLogPanel';

/** A DAG the entity binds. */
export interface BoundDag {
  environment: string;
  dagId: string;
}

const keyOf = (dag: BoundDag) => `${dag.environment}:${dag.dagId}`;

/**
 * Airflow's own event log of one of the entity's DAGs (chosen in the card),
 * shown beside the portal's audit card: who paused, triggered or cleared
 * it in Airflow itself, so that changes made outside the portal show next
 * to the portal's own trail. Nothing when the entity binds no DAG.
 */
export function EntityEventLogCard(props: {
  entityRef: string;
  dags: BoundDag[];
}) {
  const { entityRef, dags } = props;
  const [chosenKey, setChosenKey] = useState<string>();
  const chosen =
    dags.find(dag => keyOf(dag) === chosenKey) ??
    (dags.length > 0 ? dags[0] : undefined);
  const environment = chosen?.environment;
  const dagId = chosen?.dagId;
  const dagRef = useMemo<AirflowEntityDagRef | undefined>(
    () =>
      environment && dagId ? { entityRef, environment, dagId } : undefined,
    [entityRef, environment, dagId],
  );
  if (!dagRef || !chosen) {
    return null;
  }
  const showEnvironment = new Set(dags.map(d => d.environment)).size > 1;
  return (
    <InfoCard title="Airflow event log" subheader="Changes made in Airflow">
      <Stack spacing={2}>
        {dags.length > 1 && (
          <TextField
            select
            size="small"
            label="DAG"
            value={keyOf(chosen)}
            onChange={e => setChosenKey(e.target.value)}
            sx={{ maxWidth: 480 }}
          >
            {dags.map(dag => (
              <MenuItem key={keyOf(dag)} value={keyOf(dag)}>
                {showEnvironment
                  ? `${dag.dagId} (${dag.environment})`
                  : dag.dagId}
              </MenuItem>
            ))}
          </TextField>
        )}
        <EventLogPanel key={keyOf(chosen)} dagRef={dagRef} />
      </Stack>
    </InfoCard>
  );
}
