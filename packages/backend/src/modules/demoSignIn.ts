/*
 * DEVELOPMENT CONVENIENCE ONLY. A sign-in provider for the demo that signs in
 * as whichever demo user the person picks: `GET /api/auth/demo/refresh?user=bob`
 * (or header `x-demo-user: bob`). It signs in only users that exist in the
 * catalog (`user:default/<name>`), and only when the backend runs in
 * development (`NODE_ENV`, `auth.environment`) and `auth.providers.demo` is
 * configured. Never enable it in a
 * deployed portal: anybody could claim to be anybody.
 */
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  authProvidersExtensionPoint,
  createProxyAuthenticator,
  createProxyAuthProviderFactory,
} from '@backstage/plugin-auth-node';

const USER_NAME = /^[a-z0-9][a-z0-9._-]{0,62}$/i;

interface DemoUser {
  name: string;
}

export const demoUserAuthenticator = createProxyAuthenticator<
  { enabled: boolean },
  DemoUser,
  undefined
>({
  defaultProfileTransform: async result => ({
    profile: { displayName: result.name },
  }),
  initialize({ config }) {
    return { enabled: config.getOptionalBoolean('enabled') ?? true };
  },
  async authenticate({ req }, { enabled }) {
    if (!enabled) {
      throw new NotAllowedError('Demo sign-in is disabled');
    }
    const raw = req.query.user ?? req.header('x-demo-user');
    const name = typeof raw === 'string' ? raw.trim() : '';
    if (!USER_NAME.test(name)) {
      throw new InputError(
        'Pick a demo user: ?user=<name> of a User in the catalog',
      );
    }
    return { result: { name } };
  },
});

/**
 * Whether the demo provider may be registered: only in development (the
 * process's `NODE_ENV` and `auth.environment`, which the production config
 * sets to `production`) and when `auth.providers.demo` is configured.
 */
export function isDemoSignInAllowed(
  config: Config,
  nodeEnv: string | undefined,
): boolean {
  const environment =
    config.getOptionalString('auth.environment') ?? 'development';
  return (
    nodeEnv === 'development' &&
    environment === 'development' &&
    config.has('auth.providers.demo')
  );
}

/** `auth` module registering the `demo` provider; a no-op outside development. */
export const authModuleDemoSignIn = createBackendModule({
  pluginId: 'auth',
  moduleId: 'demo-sign-in',
  register(reg) {
    reg.registerInit({
      deps: {
        providers: authProvidersExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ providers, config, logger }) {
        if (!isDemoSignInAllowed(config, process.env.NODE_ENV)) {
          return;
        }
        logger.warn(
          'Demo sign-in is enabled: anyone can sign in as any catalog user. Development only.',
        );
        providers.registerProvider({
          providerId: 'demo',
          factory: createProxyAuthProviderFactory({
            authenticator: demoUserAuthenticator,
            // Only users that exist in the catalog; their groups come from it.
            signInResolver: async ({ result }, ctx) =>
              ctx.signInWithCatalogUser({
                entityRef: stringifyEntityRef({
                  kind: 'User',
                  namespace: 'default',
                  name: result.name,
                }),
              }),
          }),
        });
      },
    });
  },
});
