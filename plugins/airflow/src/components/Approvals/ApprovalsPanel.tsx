import type { AirflowApproval } from '@airflow-portal/plugin-airflow-common';
import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import { useEffect, useReducer, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { airflowApiRef } from '../../api';
import { DisabledReason } from '../DagActions/DisabledReason';
import {
  dagKey,
  useDagActionPermissions,
} from '../DagActions/useDagActionPermissions';
import { AirflowErrorAlert } from '../display/AirflowErrorAlert';
import { RespondDialog } from './RespondDialog';

const approvalKey = (a: AirflowApproval) =>
  `${a.environment}:${a.dagId}:${a.runId}:${a.taskId}:${a.mapIndex}`;

/**
 * Human-in-the-loop approvals waiting in the entity's DAGs (a team: in
 * everything it owns), each with its question and a button to answer it;
 * disabled, with the reason, for who may not answer. Environments whose
 * Airflow has no approvals (Airflow 2, 3.0) are named as such.
 */
export function ApprovalsPanel(props: {
  entityRef: string;
  /** Told after an answer (an audit record was written). */
  onAnswered?: () => void;
  /** Told the pending approvals after each read (a team page counts them per section). */
  onPending?: (approvals: AirflowApproval[]) => void;
}) {
  const { entityRef, onAnswered, onPending } = props;
  const api = useApi(airflowApiRef);
  const [generation, reload] = useReducer((n: number) => n + 1, 0);
  const [open, setOpen] = useState<AirflowApproval>();
  const approvals = useAsync(
    () => api.listEntityApprovals(entityRef),
    [api, entityRef, generation],
  );
  const pending = (approvals.value?.environments ?? []).flatMap(
    e => e.approvals,
  );
  const { byDag } = useDagActionPermissions(entityRef, pending);
  useEffect(() => {
    if (approvals.value) {
      onPending?.(approvals.value.environments.flatMap(e => e.approvals));
    }
  }, [approvals.value, onPending]);

  let content;
  if (approvals.loading && !approvals.value) {
    content = <Progress />;
  } else if (approvals.error) {
    content = (
      <AirflowErrorAlert
        title="The approvals of this entity could not be read"
        error={approvals.error}
      />
    );
  } else {
    const unsupported = approvals.value!.environments.filter(e => !e.supported);
    const failed = approvals.value!.environments.filter(e => e.error);
    content = (
      <Stack spacing={2}>
        {failed.map(e => (
          <AirflowErrorAlert
            key={e.environment}
            title={`Approvals of ${e.environment} could not be read`}
            error={e.error!}
          />
        ))}
        {unsupported.length > 0 && (
          <Alert severity="info">
            Approvals are not supported by the Airflow of{' '}
            {unsupported.map(e => e.environment).join(', ')} (they need Airflow
            3.1 or later).
          </Alert>
        )}
        {pending.length === 0 ? (
          <span>No approval is waiting.</span>
        ) : (
          <Table size="small" aria-label="Pending approvals">
            <TableHead>
              <TableRow>
                <TableCell>Question</TableCell>
                <TableCell>DAG</TableCell>
                <TableCell>Task</TableCell>
                <TableCell>Environment</TableCell>
                <TableCell>Since</TableCell>
                <TableCell />
              </TableRow>
            </TableHead>
            <TableBody>
              {pending.map(approval => {
                const decision = byDag[dagKey(approval)]?.respondApproval;
                return (
                  <TableRow key={approvalKey(approval)}>
                    <TableCell>{approval.subject}</TableCell>
                    <TableCell>{approval.dagId}</TableCell>
                    <TableCell>{approval.taskId}</TableCell>
                    <TableCell>{approval.environment}</TableCell>
                    <TableCell>{approval.createdAt}</TableCell>
                    <TableCell align="right">
                      <DisabledReason reason={decision?.reason}>
                        <Button
                          size="small"
                          variant="outlined"
                          disabled={!decision?.allowed}
                          onClick={() => setOpen(approval)}
                        >
                          Answer
                        </Button>
                      </DisabledReason>
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        )}
      </Stack>
    );
  }

  return (
    <InfoCard
      title={`Approvals${pending.length ? ` (${pending.length})` : ''}`}
    >
      {content}
      {open && (
        <RespondDialog
          key={approvalKey(open)}
          approval={open}
          entityRef={entityRef}
          onClose={answered => {
            setOpen(undefined);
            if (answered) {
              reload();
              onAnswered?.();
            }
          }}
        />
      )}
    </InfoCard>
  );
}
