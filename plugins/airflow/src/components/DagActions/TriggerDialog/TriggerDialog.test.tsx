import type {
  AirflowDagDetails,
  AirflowDagRun,
  TriggerDagRunRequest,
} from '@airflow-portal/plugin-airflow-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { EntityAirflowContent } from '../../EntityAirflowContent';
import { dag, dataProd, ordersService, run } from '../../../testing/fixtures';
import {
  airflowBaseUrl,
  errorBody,
  setupAirflowMsw,
} from '../../../__testUtils__/mswAirflow';
import { renderWithAirflow } from '../../../__testUtils__/renderWithAirflow';

const entityPath = `${airflowBaseUrl}/entities/default/component/orders-service`;
const dagPath = `${entityPath}/environments/data-prod/dags/orders_daily_load`;

const details: AirflowDagDetails = {
  ...dag('orders_daily_load'),
  params: {
    region: {
      value: 'eu',
      schema: { type: 'string', enum: ['eu', 'us'] },
    },
    batch_size: {
      value: 100,
      description: 'Rows per batch',
      schema: { type: 'integer', minimum: 1 },
    },
    customer: { value: null, schema: { type: 'string' } },
    dry_run: { value: false, schema: { type: 'boolean' } },
    load_date: {
      value: null,
      schema: { type: ['null', 'string'], format: 'date' },
    },
  },
};

describe('TriggerDialog', () => {
  const { server, client } = setupAirflowMsw();
  let triggerBodies: TriggerDagRunRequest[];
  let runsAnswer: AirflowDagRun[];

  beforeEach(() => {
    triggerBodies = [];
    runsAnswer = [run('orders_daily_load', 'success', 31)];
    server.use(
      http.get(`${entityPath}/dags`, () =>
        HttpResponse.json({
          entityRef: 'component:default/orders-service',
          environments: [
            {
              environment: 'data-prod',
              dags: [
                dag('orders_daily_load', {
                  latestRuns: [run('orders_daily_load', 'success', 31)],
                }),
              ],
            },
          ],
        }),
      ),
      http.get(`${airflowBaseUrl}/environments/data-prod`, () =>
        HttpResponse.json(dataProd),
      ),
      http.get(`${dagPath}/details`, () => HttpResponse.json(details)),
      http.get(`${dagPath}/runs`, () =>
        HttpResponse.json({
          items: runsAnswer,
          totalEntries: runsAnswer.length,
          offset: 0,
          limit: 10,
        }),
      ),
      http.get(`${airflowBaseUrl}/audit`, () =>
        HttpResponse.json({ items: [] }),
      ),
    );
  });

  async function openDialog() {
    await renderWithAirflow(<EntityAirflowContent />, {
      api: client,
      entity: ordersService,
    });
    const trigger = await screen.findByRole('button', {
      name: 'Trigger orders_daily_load',
    });
    await waitFor(() => expect(trigger).toBeEnabled());
    await userEvent.click(trigger);
    const dialog = await screen.findByRole('dialog');
    // Ready once the DAG's params have been read and fill the form: the
    // dialog itself (and its production warning) shows before that.
    await waitFor(() =>
      expect(within(dialog).getByLabelText(/batch_size/)).toHaveValue(100),
    );
    return dialog;
  }

  it('generates the form from params and validates it', async () => {
    const dialog = await openDialog();
    expect(
      await within(dialog).findByText(
        'Data platform (Airflow 3) (data-prod) is a production environment: this starts a real run.',
      ),
    ).toBeInTheDocument();
    const batch = within(dialog).getByLabelText(/batch_size/);
    expect(batch).toHaveValue(100);
    expect(batch).toBeRequired();
    expect(within(dialog).getByText('Rows per batch')).toBeInTheDocument();
    expect(within(dialog).getByRole('combobox')).toHaveTextContent('eu');
    expect(within(dialog).getByLabelText(/dry_run/)).not.toBeChecked();
    expect(within(dialog).getByLabelText(/load_date/)).toHaveAttribute(
      'type',
      'date',
    );
    expect(within(dialog).getByLabelText(/load_date/)).not.toBeRequired();

    await userEvent.clear(batch);
    await userEvent.type(batch, '0');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Trigger' }),
    );
    expect(within(dialog).getByText('At least 1')).toBeInTheDocument();
    expect(within(dialog).getByText('Required')).toBeInTheDocument();
    expect(triggerBodies).toHaveLength(0);
  });

  it('refuses JSON that is invalid or not an object', async () => {
    const dialog = await openDialog();
    await userEvent.click(
      await within(dialog).findByRole('tab', { name: 'JSON' }),
    );
    const editor = within(dialog).getByLabelText('conf (JSON object)');
    expect(JSON.parse((editor as HTMLTextAreaElement).value)).toMatchObject({
      region: 'eu',
      batch_size: 100,
      dry_run: false,
    });

    fireEvent.change(editor, { target: { value: '{"a": ' } });
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Trigger' }),
    );
    expect(within(dialog).getByText(/^Invalid JSON:/)).toBeInTheDocument();

    fireEvent.change(editor, { target: { value: '[1, 2]' } });
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Trigger' }),
    );
    expect(
      within(dialog).getByText(
        'conf must be a JSON object, like {"key": "value"}',
      ),
    ).toBeInTheDocument();
    expect(triggerBodies).toHaveLength(0);
  });

  it('carries values between the params form and the JSON editor', async () => {
    const dialog = await openDialog();
    await userEvent.type(
      await within(dialog).findByLabelText(/customer/),
      'acme',
    );
    await userEvent.click(within(dialog).getByRole('tab', { name: 'JSON' }));
    const editor = within(dialog).getByLabelText('conf (JSON object)');
    expect(JSON.parse((editor as HTMLTextAreaElement).value)).toEqual({
      region: 'eu',
      batch_size: 100,
      customer: 'acme',
      dry_run: false,
      load_date: null,
    });

    fireEvent.change(editor, {
      target: { value: '{"batch_size": 5, "load_date": "2025-06-01"}' },
    });
    await userEvent.click(within(dialog).getByRole('tab', { name: 'Params' }));
    expect(within(dialog).getByLabelText(/batch_size/)).toHaveValue(5);
    expect(within(dialog).getByLabelText(/load_date/)).toHaveValue(
      '2025-06-01',
    );
    expect(within(dialog).getByLabelText(/customer/)).toHaveValue('acme');
  });

  it('shows a refusal with its status and reuses the request id on retry; then follows the new run', async () => {
    let refuse = true;
    const newRun: AirflowDagRun = {
      ...run('orders_daily_load', 'queued', 31),
      runId: 'manual__2025-06-01T12:00:00+00:00',
      runType: 'manual',
      logicalDate: null,
      endDate: undefined,
      uiUrl: undefined,
    };
    server.use(
      http.post(`${dagPath}/runs`, async ({ request }) => {
        triggerBodies.push((await request.json()) as TriggerDagRunRequest);
        if (refuse) {
          refuse = false;
          return HttpResponse.json(
            errorBody(403, {
              name: 'NotAllowedError',
              message: 'You may not operate in data-prod',
            }),
            { status: 403 },
          );
        }
        runsAnswer = [newRun, ...runsAnswer];
        return HttpResponse.json(newRun);
      }),
    );
    const dialog = await openDialog();
    await userEvent.type(within(dialog).getByLabelText(/customer/), 'acme');
    await userEvent.type(within(dialog).getByLabelText('Note'), 'backfill');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Trigger' }),
    );

    expect(
      await within(dialog).findByText('The run was not started (HTTP 403)'),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByText('You may not operate in data-prod'),
    ).toBeInTheDocument();

    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Trigger' }),
    );
    await waitFor(() => expect(triggerBodies).toHaveLength(2));
    expect(triggerBodies[0]).toEqual({
      conf: {
        region: 'eu',
        batch_size: 100,
        customer: 'acme',
        dry_run: false,
        load_date: null,
      },
      logicalDate: null,
      note: 'backfill',
      requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(triggerBodies[1].requestId).toBe(triggerBodies[0].requestId);

    // The new run opens in the detail and its state follows by polling.
    const row = await screen.findByTestId(`run-${newRun.runId}`);
    expect(row).toHaveTextContent('queued');
    expect(
      screen.getAllByLabelText(`queued run ${newRun.runId}`).length,
    ).toBeGreaterThan(0);
    runsAnswer = [{ ...newRun, state: 'success' }, ...runsAnswer.slice(1)];
    await waitFor(() =>
      expect(screen.getByTestId(`run-${newRun.runId}`)).toHaveTextContent(
        'success',
      ),
    );
  });
});
