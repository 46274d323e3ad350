import type {
  AirflowApproval,
  AirflowDagWithRuns,
} from '@airflow-portal/plugin-airflow-common';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useMemo } from 'react';
import { groupDagsByEntity } from '../DagTable/dagFilter';
import { DagTable } from '../DagTable/DagTable';
import type { EnvironmentInfo } from '../EnvironmentStatus/environments';

/** How many of the approvals wait in one of the DAGs. */
function countApprovalsOf(
  dags: AirflowDagWithRuns[],
  approvals: AirflowApproval[],
): number {
  const keys = new Set(dags.map(d => `${d.environment}:${d.dagId}`));
  return approvals.filter(a => keys.has(`${a.environment}:${a.dagId}`)).length;
}

function SectionTitle(props: {
  entityRef?: string;
  failing: number;
  approvals: number;
}) {
  return (
    <>
      {props.entityRef ? (
        <EntityRefLink entityRef={props.entityRef} />
      ) : (
        'Not bound to an entity'
      )}
      {props.failing > 0 && (
        <Typography component="span" color="error" sx={{ ml: 1 }}>
          ({props.failing} failing)
        </Typography>
      )}
      {props.approvals > 0 && (
        <Typography component="span" color="warning.main" sx={{ ml: 1 }}>
          ({props.approvals} awaiting approval)
        </Typography>
      )}
    </>
  );
}

/**
 * A team's DAGs, one table per entity they belong to; entities with failing
 * DAGs first. Actions go through the entity the DAG is bound to, so its
 * permissions (e.g. "owner of the component") apply; unbound DAGs through the team.
 */
export function GroupDagSections(props: {
  groupRef: string;
  dags: AirflowDagWithRuns[];
  environments: Record<string, EnvironmentInfo>;
  showEnvironment: boolean;
  ownerRefs: Record<string, string>;
  /** The team's pending approvals; each section counts those of its DAGs. */
  pendingApprovals?: AirflowApproval[];
}) {
  const { groupRef, dags, environments, showEnvironment, ownerRefs } = props;
  const pending = props.pendingApprovals ?? [];
  const sections = useMemo(() => groupDagsByEntity(dags), [dags]);
  if (sections.length === 0) {
    return (
      <Typography variant="body2" sx={{ p: 2 }}>
        No DAGs match these filters.
      </Typography>
    );
  }
  return (
    <Stack spacing={3}>
      {sections.map(section => (
        <DagTable
          key={section.entityRef ?? ''}
          title={
            <SectionTitle
              entityRef={section.entityRef}
              failing={section.failing}
              approvals={countApprovalsOf(section.dags, pending)}
            />
          }
          dags={section.dags}
          environments={environments}
          showEnvironment={showEnvironment}
          actionEntityRef={section.entityRef ?? groupRef}
          ownerRefs={ownerRefs}
        />
      ))}
    </Stack>
  );
}
