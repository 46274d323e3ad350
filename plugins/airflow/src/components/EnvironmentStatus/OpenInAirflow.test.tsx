import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeAirflowApi } from '../../testing/fakeAirflowApi';
import {
  denying,
  renderWithAirflow,
} from '../../__testUtils__/renderWithAirflow';
import { OpenInAirflow } from './OpenInAirflow';

const payments = {
  name: 'mwaa-payments',
  title: 'Payments',
  uiUrl: 'https://payments.example',
  webLogin: true,
};
const SIGN_IN_URL =
  'https://payments.example/aws_mwaa/aws-console-sso?login=true#token';

/** A tab as `window.open('', '_blank')` answers it. */
function fakeTab() {
  return {
    opener: {} as unknown,
    location: { href: 'about:blank' },
    close: jest.fn(),
  };
}

describe('OpenInAirflow', () => {
  let open: jest.SpyInstance;
  afterEach(() => open?.mockRestore());

  it('opens a tab within the click, then sends it to the sign-in URL the backend answers', async () => {
    const tab = fakeTab();
    open = jest
      .spyOn(window, 'open')
      .mockImplementation(() => tab as unknown as Window);
    const createWebLogin = jest.fn(async () => ({ url: SIGN_IN_URL }));
    await renderWithAirflow(<OpenInAirflow environment={payments} />, {
      api: fakeAirflowApi({ createWebLogin }),
    });

    const button = await screen.findByRole('button', {
      name: 'Open Payments in Airflow, signed in',
    });
    await waitFor(() => expect(button).toBeEnabled());
    await userEvent.click(button);

    await waitFor(() => expect(tab.location.href).toBe(SIGN_IN_URL));
    expect(open).toHaveBeenCalledTimes(1);
    expect(open).toHaveBeenCalledWith('', '_blank');
    expect(tab.opener).toBeNull();
    expect(createWebLogin).toHaveBeenCalledWith('mwaa-payments');
  });

  it('with a blocked pop-up, opens the URL once it has it', async () => {
    open = jest.spyOn(window, 'open').mockImplementation(() => null);
    await renderWithAirflow(<OpenInAirflow environment={payments} />, {
      api: fakeAirflowApi({
        createWebLogin: async () => ({ url: SIGN_IN_URL }),
      }),
    });

    const button = await screen.findByRole('button', {
      name: 'Open Payments in Airflow, signed in',
    });
    await waitFor(() => expect(button).toBeEnabled());
    await userEvent.click(button);

    await waitFor(() =>
      expect(open).toHaveBeenLastCalledWith(SIGN_IN_URL, '_blank', 'noopener'),
    );
  });

  it('closes the tab and says why when the backend refuses', async () => {
    const tab = fakeTab();
    open = jest
      .spyOn(window, 'open')
      .mockImplementation(() => tab as unknown as Window);
    await renderWithAirflow(<OpenInAirflow environment={payments} />, {
      api: fakeAirflowApi({
        createWebLogin: async () => {
          throw new Error('MWAA refused the web login role');
        },
      }),
    });

    const button = await screen.findByRole('button', {
      name: 'Open Payments in Airflow, signed in',
    });
    await waitFor(() => expect(button).toBeEnabled());
    await userEvent.click(button);

    expect(
      await screen.findByText(
        'Could not open Payments signed in: MWAA refused the web login role',
      ),
    ).toBeInTheDocument();
    expect(tab.close).toHaveBeenCalled();
    expect(tab.location.href).toBe('about:blank');
  });

  it('is disabled, with the reason, without airflow.environment.webLogin', async () => {
    const createWebLogin = jest.fn();
    await renderWithAirflow(<OpenInAirflow environment={payments} />, {
      api: fakeAirflowApi({ createWebLogin }),
      authorize: denying('airflow.environment.webLogin'),
    });

    const reason = "You may not open Payments's Airflow UI signed in";
    await waitFor(() =>
      expect(
        document.querySelector(`[data-disabled-reason="${reason}"]`),
      ).not.toBeNull(),
    );
    expect(
      screen.getByRole('button', {
        name: 'Open Payments in Airflow, signed in',
      }),
    ).toBeDisabled();
    expect(createWebLogin).not.toHaveBeenCalled();
  });

  it('stays a plain link where the backend cannot sign in', async () => {
    await renderWithAirflow(
      <OpenInAirflow environment={{ ...payments, webLogin: undefined }} />,
      { api: fakeAirflowApi({}) },
    );

    const link = await screen.findByRole('link', { name: 'Open in Airflow' });
    expect(link).toHaveAttribute('href', 'https://payments.example');
    expect(screen.queryByRole('button')).toBeNull();
  });
});
