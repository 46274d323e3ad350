import type {
  AirflowApproval,
  EntityApprovalsResponse,
} from '@airflow-portal/plugin-airflow-common';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeAirflowApi } from '../../testing/fakeAirflowApi';
import {
  denying,
  renderWithAirflow,
} from '../../__testUtils__/renderWithAirflow';
import { ApprovalsPanel } from './ApprovalsPanel';

const ENTITY = 'component:default/orders-service';

const approval: AirflowApproval = {
  environment: 'data-prod',
  dagId: 'orders_publish',
  runId: 'manual__2026-11-22T07:00:00+00:00',
  taskId: 'approve_publication',
  mapIndex: -1,
  subject: 'Publish the orders report?',
  body: 'The numbers are ready.',
  options: ['Publish', 'Hold'],
  multiple: false,
  params: {},
  assignedUsers: [],
  createdAt: '2026-11-22T07:05:00Z',
  taskState: 'deferred',
  responseReceived: false,
};

const response: EntityApprovalsResponse = {
  entityRef: ENTITY,
  environments: [
    { environment: 'data-prod', supported: true, approvals: [approval] },
    { environment: 'legacy-etl', supported: false, approvals: [] },
  ],
};

describe('ApprovalsPanel', () => {
  it('lists the pending approval and answers it with the chosen option', async () => {
    const respondToApproval = jest.fn(async (..._args: unknown[]) => ({
      respondedBy: { id: 'portal', name: 'portal' },
      respondedAt: '2026-11-22T07:06:00Z',
      chosenOptions: ['Publish'],
    }));
    let answered = false;
    const api = fakeAirflowApi({
      listEntityApprovals: async () =>
        answered ? { ...response, environments: [] } : response,
      respondToApproval: async (...args) => {
        answered = true;
        return respondToApproval(...args);
      },
    });
    const onAnswered = jest.fn();
    await renderWithAirflow(
      <ApprovalsPanel entityRef={ENTITY} onAnswered={onAnswered} />,
      { api },
    );

    expect(
      await screen.findByText('Publish the orders report?'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/not supported by the Airflow of legacy-etl/),
    ).toBeInTheDocument();
    const answer = screen.getByRole('button', { name: 'Answer' });
    await waitFor(() => expect(answer).toBeEnabled());
    await userEvent.click(answer);

    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('The numbers are ready.');
    await userEvent.click(screen.getByLabelText('Publish'));
    await userEvent.click(
      screen.getAllByRole('button', { name: 'Answer' }).at(-1)!,
    );

    await waitFor(() => expect(onAnswered).toHaveBeenCalledTimes(1));
    expect(respondToApproval).toHaveBeenCalledWith(
      {
        entityRef: ENTITY,
        environment: 'data-prod',
        dagId: 'orders_publish',
        runId: approval.runId,
        taskId: 'approve_publication',
      },
      expect.objectContaining({
        chosenOptions: ['Publish'],
        mapIndex: -1,
        requestId: expect.any(String),
      }),
    );
    expect(
      await screen.findByText('No approval is waiting.'),
    ).toBeInTheDocument();
  });

  it('offers checkboxes when several options may be chosen', async () => {
    const api = fakeAirflowApi({
      listEntityApprovals: async () => ({
        ...response,
        environments: [
          {
            environment: 'data-prod',
            supported: true,
            approvals: [{ ...approval, multiple: true }],
          },
        ],
      }),
    });
    await renderWithAirflow(<ApprovalsPanel entityRef={ENTITY} />, { api });
    const answer = await screen.findByRole('button', { name: 'Answer' });
    await waitFor(() => expect(answer).toBeEnabled());
    await userEvent.click(answer);
    expect(await screen.findAllByRole('checkbox')).toHaveLength(2);
  });

  it('shows the answer button disabled, with the reason, to a reader', async () => {
    const api = fakeAirflowApi({ listEntityApprovals: async () => response });
    await renderWithAirflow(<ApprovalsPanel entityRef={ENTITY} />, {
      api,
      authorize: denying('airflow.dag.hitl.respond'),
    });
    await screen.findByText('Publish the orders report?');
    const reason =
      'You may not answer approvals of orders_publish in data-prod';
    await waitFor(() =>
      expect(
        document.querySelector(`[data-disabled-reason="${reason}"]`),
      ).not.toBeNull(),
    );
    expect(screen.getByRole('button', { name: 'Answer' })).toBeDisabled();
  });
});
