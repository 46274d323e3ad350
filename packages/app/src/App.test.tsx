import { render, screen } from '@testing-library/react';
import App from './App';
import { DEMO_USERS } from './modules/signIn/DemoSignInPage';

// The first render loads the app's lazy extensions, which takes a while in jsdom.
jest.setTimeout(60_000);

describe('App', () => {
  it('opens on the demo sign-in page, offering guest and every demo user', async () => {
    process.env = {
      NODE_ENV: 'test',
      APP_CONFIG: [
        {
          data: {
            app: { title: 'Test' },
            backend: { baseUrl: 'http://localhost:7007' },
          },
          context: 'test',
        },
      ] as any,
    };

    render(App.createRoot());

    expect(
      await screen.findByRole(
        'heading',
        { name: 'Airflow Portal — demo sign-in' },
        { timeout: 30_000 },
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Enter as guest' }),
    ).toBeInTheDocument();
    expect(
      screen
        .getAllByRole('button', { name: /^Sign in as / })
        .map(button => button.textContent),
    ).toEqual(DEMO_USERS.map(user => `Sign in as ${user.name}`));
    expect(DEMO_USERS.map(user => user.name)).toContain('pat');
  });
});
