import type {
  AirflowApproval,
  RespondToApprovalRequest,
} from '@airflow-portal/plugin-airflow-common';
import { ResponseError } from '@backstage/errors';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithAirflow } from '../../__testUtils__/renderWithAirflow';
import { fakeAirflowApi } from '../../testing/fakeAirflowApi';
import { RespondDialog } from './RespondDialog';

const ENTITY = 'component:default/payments-reconciliation';

const approval: AirflowApproval = {
  environment: 'mwaa-payments',
  dagId: 'payouts',
  runId: 'rel_1',
  taskId: 'approve',
  mapIndex: -1,
  subject: 'Release the payouts of settlement batch rel_1?',
  options: ['Approve', 'Reject'],
  multiple: false,
  params: {
    reason: {
      value: 'checked',
      description: 'Why',
      schema: { type: 'string' },
    },
  },
  assignedUsers: [],
  createdAt: '2026-11-22T07:05:00Z',
  responseReceived: false,
};

async function refusal() {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: {
          name: 'UpstreamError',
          message: 'Airflow request failed',
          upstreamStatus: 403,
          detail: 'User=admin (id=admin) is not a respondent for the task.',
        },
        request: { method: 'POST', url: '/approval' },
        response: { statusCode: 502 },
      }),
      { status: 502, headers: { 'Content-Type': 'application/json' } },
    ) as any,
  );
}

describe('RespondDialog', () => {
  it("sends the chosen option with the params' values", async () => {
    const respondToApproval = jest.fn(async () => ({
      respondedBy: { id: 'admin', name: 'admin' },
      respondedAt: '2026-11-22T07:06:00Z',
      chosenOptions: ['Approve'],
    }));
    const onClose = jest.fn();
    await renderWithAirflow(
      <RespondDialog
        approval={approval}
        entityRef={ENTITY}
        onClose={onClose}
      />,
      { api: fakeAirflowApi({ respondToApproval }) },
    );
    const dialog = await screen.findByRole('dialog');
    const answer = within(dialog).getByRole('button', { name: 'Answer' });
    // Nothing chosen yet, and the approval has no defaults.
    expect(answer).toBeDisabled();
    await userEvent.click(within(dialog).getByLabelText('Approve'));
    await userEvent.click(answer);

    await waitFor(() => expect(onClose).toHaveBeenCalledWith(true));
    expect(respondToApproval).toHaveBeenCalledWith(
      {
        entityRef: ENTITY,
        environment: 'mwaa-payments',
        dagId: 'payouts',
        runId: 'rel_1',
        taskId: 'approve',
      },
      {
        requestId: expect.any(String),
        mapIndex: -1,
        chosenOptions: ['Approve'],
        paramsInput: { reason: 'checked' },
      },
    );
  });

  it("shows Airflow's refusal and answers again with the same request id", async () => {
    const error = await refusal();
    const respondToApproval = jest.fn(
      async (..._args: unknown[]): Promise<never> => Promise.reject(error),
    );
    const onClose = jest.fn();
    await renderWithAirflow(
      <RespondDialog
        approval={{ ...approval, params: {} }}
        entityRef={ENTITY}
        onClose={onClose}
      />,
      { api: fakeAirflowApi({ respondToApproval }) },
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(within(dialog).getByLabelText('Reject'));
    const answer = within(dialog).getByRole('button', { name: 'Answer' });
    await userEvent.click(answer);
    expect(
      await within(dialog).findByText(/is not a respondent for the task/),
    ).toBeInTheDocument();
    expect(onClose).not.toHaveBeenCalled();

    await waitFor(() => expect(answer).toBeEnabled());
    await userEvent.click(answer);
    await waitFor(() => expect(respondToApproval).toHaveBeenCalledTimes(2));
    const [first, second] = respondToApproval.mock.calls.map(
      call => (call[1] as RespondToApprovalRequest).requestId,
    );
    expect(second).toBe(first);
  });
});
