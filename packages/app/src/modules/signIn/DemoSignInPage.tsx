/*
 * DEVELOPMENT CONVENIENCE ONLY: pick who to be. "Guest" uses the guest
 * provider; the demo users use the backend's `demo` provider
 * (packages/backend/src/modules/demoSignIn.ts), which exists only in
 * development. A real portal uses an identity provider's sign-in page instead.
 */
import type { IdentityApi, SignInPageProps } from '@backstage/core-plugin-api';
import { ProxiedSignInPage } from '@backstage/core-components';
import { useState } from 'react';

/** The demo catalog's users (examples/org.yaml) and what the demo policy lets them do. */
export const DEMO_USERS = [
  {
    name: 'alice',
    title: 'Alice — Data engineering: operates its DAGs outside production',
  },
  {
    name: 'bob',
    title: 'Bob — Payments: operates its DAGs outside production',
  },
  { name: 'carol', title: 'Carol — Marketing analytics: reads its DAGs' },
  {
    name: 'pat',
    title: 'Pat — Platform team: operates everything, reads the audit trail',
  },
];

const STORAGE_KEY = 'airflow-portal.demo-user';

/** Forgets the pick on sign-out, so the next sign-in can choose again. */
function forgetOnSignOut(identity: IdentityApi): IdentityApi {
  return {
    getProfileInfo: () => identity.getProfileInfo(),
    getBackstageIdentity: () => identity.getBackstageIdentity(),
    getCredentials: () => identity.getCredentials(),
    signOut: async () => {
      window.localStorage.removeItem(STORAGE_KEY);
      await identity.signOut();
    },
  };
}

export function DemoSignInPage(props: SignInPageProps) {
  const [picked, setPicked] = useState<string | null>(() =>
    window.localStorage.getItem(STORAGE_KEY),
  );
  const pick = (user: string) => {
    window.localStorage.setItem(STORAGE_KEY, user);
    setPicked(user);
  };
  const onSignInSuccess = (identity: IdentityApi) =>
    props.onSignInSuccess(forgetOnSignOut(identity));

  const ErrorComponent = ({ error }: { error?: Error }) => (
    <div style={{ padding: 32, fontFamily: 'sans-serif' }}>
      <p>Sign-in failed: {error?.message}</p>
      <button
        onClick={() => {
          window.localStorage.removeItem(STORAGE_KEY);
          setPicked(null);
        }}
      >
        Choose another user
      </button>
    </div>
  );

  if (picked === 'guest') {
    return (
      <ProxiedSignInPage
        onSignInSuccess={onSignInSuccess}
        provider="guest"
        ErrorComponent={ErrorComponent}
      />
    );
  }
  if (picked) {
    return (
      <ProxiedSignInPage
        onSignInSuccess={onSignInSuccess}
        provider="demo"
        headers={{ 'x-demo-user': picked }}
        ErrorComponent={ErrorComponent}
      />
    );
  }
  return (
    <div style={{ padding: 32, fontFamily: 'sans-serif', maxWidth: 640 }}>
      <h1>Airflow Portal — demo sign-in</h1>
      <p>
        Development only. Pick a user of the demo catalog; each has different
        Airflow rights under the demo RBAC policy (rbac/).
      </p>
      <ul style={{ listStyle: 'none', padding: 0 }}>
        <li style={{ margin: '8px 0' }}>
          <button onClick={() => pick('guest')}>Enter as guest</button> Guest —
          member of Data engineering
        </li>
        {DEMO_USERS.map(user => (
          <li key={user.name} style={{ margin: '8px 0' }}>
            <button onClick={() => pick(user.name)}>
              Sign in as {user.name}
            </button>{' '}
            {user.title}
          </li>
        ))}
      </ul>
    </div>
  );
}
