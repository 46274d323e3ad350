import {
  airflowEnvironmentWebLoginPermission,
  type AirflowWebLogin,
} from '@airflow-portal/plugin-airflow-common';
import { ConflictError } from '@backstage/errors';
import type { AuditTrail } from '../audit/AuditTrail';
import type { EnvironmentRegistry } from '../environments/EnvironmentRegistry';
import type { AirflowAuthorizer } from '../permissions/AirflowAuthorizer';
import type { WebLoginSource } from '../transport/mwaaWebLogin';
import type { OperationCaller } from './DagOperations';

export interface EnvironmentWebLoginOptions {
  environments: EnvironmentRegistry;
  authorizer: AirflowAuthorizer;
  audit: AuditTrail;
  /** The web login of an environment; undefined when it has none. */
  webLoginOf(environment: string): WebLoginSource | undefined;
}

/**
 * "Open in Airflow" signed in: a sign-in URL created on each click with the
 * environment's UI sign-in identity. Allowed by
 * `airflow.environment.webLogin` on the environment and recorded like every
 * operation (`environment.web-login`: denied, or pending before MWAA is
 * called, then succeeded or failed). The URL carries the token: it is
 * answered, never recorded nor logged.
 */
export class EnvironmentWebLogin {
  constructor(private readonly options: EnvironmentWebLoginOptions) {}

  /**
   * @throws NotFoundError for an environment that is not configured,
   * ConflictError (409) for one without web login (nothing is recorded:
   * nothing was attempted; its link stays plain).
   */
  open(caller: OperationCaller, environment: string): Promise<AirflowWebLogin> {
    const { environments, authorizer, audit, webLoginOf } = this.options;
    const { config } = environments.get(environment);
    const source = webLoginOf(environment);
    if (!source) {
      throw new ConflictError(
        `Airflow environment "${environment}" has no web login configured (mwaa.webLogin): open its UI with the plain link`,
      );
    }
    const { credentials } = caller;
    return audit.run(
      {
        record: {
          actor: credentials.principal.userEntityRef,
          action: 'environment.web-login',
          environment,
          // Of the environment as a whole: no DAG, no entity.
          dagId: '',
          entityRef: '',
        },
        eventId: 'environment-web-login',
        production: config.production,
        request: caller.request,
      },
      {
        authorize: () =>
          authorizer.assertEnvironment(
            airflowEnvironmentWebLoginPermission,
            environment,
            credentials,
          ),
        perform: async () => ({
          value: { url: await source.signInUrl() },
          upstreamStatus: 200,
        }),
      },
    );
  }
}
