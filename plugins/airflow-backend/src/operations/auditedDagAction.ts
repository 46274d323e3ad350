import { stringifyEntityRef } from '@backstage/catalog-model';
import type { ResourcePermission } from '@backstage/plugin-permission-common';
import type { AirflowApiAdapter } from '../api/AirflowApiAdapter';
import type {
  AuditedAttempt,
  AuditTrail,
  Performed,
} from '../audit/AuditTrail';
import type { NewAuditRecord } from '../audit/types';
import type { EnvironmentRegistry } from '../environments/EnvironmentRegistry';
import type { AirflowAuthorizer } from '../permissions/AirflowAuthorizer';
import type { AirflowService, EntityDagRef } from '../service/AirflowService';
import type {
  BackstageCredentials,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import type { Request } from 'express';

/** Who attempts an operation. */
export interface OperationCaller {
  credentials: BackstageCredentials<BackstageUserPrincipal>;
  /** The HTTP request, for Backstage's auditor. */
  request?: Request;
  /** The plugin acting on the user's behalf and its reference (see `originOf`). */
  origin?: string;
}

/** Route params as they came, for recording an attempt whose input was rejected. */
export type RawDagParams = Partial<
  Record<'namespace' | 'kind' | 'name' | 'environment' | 'dagId', string>
>;

/** What an action on a DAG needs (DagOperations, ApprovalOperations, BackfillOperations). */
export interface DagActionContext {
  environments: EnvironmentRegistry;
  /**
   * The read side: its binding check (the one reads use, with its cache), and
   * told after every successful operation so that it refreshes its cache.
   */
  dags: Pick<AirflowService, 'resolveEntityDag' | 'dagChanged'>;
  authorizer: AirflowAuthorizer;
  audit: AuditTrail;
}

/** What the audit record says of an action, from whatever of its input could be read. */
export interface AuditedAction
  extends Pick<NewAuditRecord, 'action' | 'conf' | 'confDigest' | 'requestId'> {
  /** Backstage auditor event id; by default the action in kebab-case (`hitl-respond`). */
  eventId?: string;
}

/** One action on a DAG: what allows it, what is recorded, what it does in Airflow. */
export interface DagAction<T> {
  /** Decided on the DAG (`airflow-dag`), never on the entity that names it. */
  permission: ResourcePermission<'airflow-dag'>;
  audited: AuditedAction;
  /** The run the action is about, recorded even when it fails. */
  runId?: string;
  call(adapter: AirflowApiAdapter): Promise<Performed<T>>;
}

/**
 * The path every action on a bound DAG takes (trigger, pause, approvals,
 * backfills):
 * permission on the DAG (a denial recorded), a `pending` record before the
 * binding check and the upstream call, the outcome recorded after, and the
 * environment's cached reads refreshed on success (see AuditTrail).
 */
export function runDagAction<T>(
  context: DagActionContext,
  caller: OperationCaller,
  ref: EntityDagRef,
  action: DagAction<T>,
): Promise<T> {
  const { authorizer, dags, audit } = context;
  const entityRef = stringifyEntityRef(ref.entity);
  const attempt = auditedAttempt(context, caller, action.audited, {
    environment: ref.environment,
    dagId: ref.dagId,
    entityRef,
  });
  return audit.run(
    { ...attempt, runId: action.runId },
    {
      authorize: () =>
        authorizer.assertDag(
          action.permission,
          { environment: ref.environment, dagId: ref.dagId, via: entityRef },
          caller.credentials,
        ),
      perform: async () => {
        const { adapter } = await dags.resolveEntityDag(
          ref,
          caller.credentials,
        );
        const performed = await action.call(adapter);
        // Before answering, so the caller's next read already shows the change.
        await dags.dagChanged(ref.environment, ref.dagId);
        return performed;
      },
    },
  );
}

/** An action whose input could not be validated: recorded (`rejected`), then `error` is thrown. */
export function rejectDagAction(
  context: DagActionContext,
  caller: OperationCaller,
  params: RawDagParams,
  audited: AuditedAction,
  error: Error,
): Promise<never> {
  const { kind = '', namespace = '', name = '' } = params;
  const attempt = auditedAttempt(context, caller, audited, {
    environment: params.environment ?? '',
    dagId: params.dagId ?? '',
    entityRef: `${kind}:${namespace}/${name}`,
  });
  return context.audit.reject(attempt, error);
}

function auditedAttempt(
  context: DagActionContext,
  caller: OperationCaller,
  audited: AuditedAction,
  target: Pick<NewAuditRecord, 'environment' | 'dagId' | 'entityRef'>,
): AuditedAttempt {
  // Backstage auditor event ids are kebab-case: `hitl-respond`, `backfill-create`, …
  const { eventId = audited.action.replace('.', '-'), ...recorded } = audited;
  return {
    record: {
      actor: caller.credentials.principal.userEntityRef,
      ...recorded,
      ...target,
      origin: caller.origin,
    },
    eventId,
    production:
      context.environments.find(target.environment)?.config.production ?? false,
    request: caller.request,
  };
}
