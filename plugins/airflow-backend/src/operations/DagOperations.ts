import {
  airflowDagPausePermission,
  airflowDagTriggerPermission,
  type AirflowDag,
  type AirflowDagRun,
} from '@airflow-portal/plugin-airflow-common';
import type {
  BackstageCredentials,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type { ResourcePermission } from '@backstage/plugin-permission-common';
import { ConflictError } from '@backstage/errors';
import type { Request } from 'express';
import type { AirflowApiAdapter } from '../api/AirflowApiAdapter';
import type {
  AuditedAttempt,
  AuditTrail,
  Performed,
} from '../audit/AuditTrail';
import { secretValuesOf } from '../redaction/redact';
import { digestConf, sanitizeConf } from '../audit/sanitizeConf';
import type { NewAuditRecord } from '../audit/types';
import type { EnvironmentRegistry } from '../environments/EnvironmentRegistry';
import type { AirflowAuthorizer } from '../permissions/AirflowAuthorizer';
import type { AirflowService, EntityDagRef } from '../service/AirflowService';
import { withSecretsRedacted } from '../transport/errors';
import { deriveRunId } from './runId';
import { sameConf } from './sameConf';

/** Who attempts an operation. */
export interface OperationCaller {
  credentials: BackstageCredentials<BackstageUserPrincipal>;
  /** The HTTP request, for Backstage's auditor. */
  request?: Request;
  /** The plugin acting on the user's behalf and its reference (see `originOf`). */
  origin?: string;
}

/** A trigger's input, validated (`TriggerDagRunRequest`). */
export interface TriggerInput {
  /** The caller's id of this request: the same id again answers the same run. */
  requestId: string;
  conf?: Record<string, unknown>;
  logicalDate?: string | null;
  note?: string;
}

/** Route params as they came, for recording an attempt whose input was rejected. */
export type RawDagParams = Partial<
  Record<'namespace' | 'kind' | 'name' | 'environment' | 'dagId', string>
>;

export interface DagOperationsOptions {
  environments: EnvironmentRegistry;
  /**
   * The read side: its binding check (the one reads use, with its cache), and
   * told after every successful operation so that it refreshes its cache.
   */
  dags: Pick<AirflowService, 'resolveEntityDag' | 'dagChanged'>;
  authorizer: AirflowAuthorizer;
  audit: AuditTrail;
}

/** What the audit record says of an operation, from whatever of its input could be read. */
type AuditedOperation = Pick<
  NewAuditRecord,
  'action' | 'conf' | 'confDigest' | 'requestId'
>;

const triggerRecord = (input?: TriggerInput): AuditedOperation => ({
  action: 'dag.trigger',
  conf: sanitizeConf(input?.conf),
  confDigest: digestConf(input?.conf),
  requestId: input?.requestId,
});

const pauseRecord = (isPaused: unknown): AuditedOperation => ({
  action: isPaused === false ? 'dag.unpause' : 'dag.pause',
});

/** One operation on a DAG: what allows it, what is recorded, what it does in Airflow. */
interface DagOperation<T> {
  /** Decided on the DAG (`airflow-dag`), never on the entity that names it. */
  permission: ResourcePermission<'airflow-dag'>;
  audited: AuditedOperation;
  /** The run id it asks Airflow for, recorded even when it fails. */
  runId?: string;
  call(adapter: AirflowApiAdapter): Promise<Performed<T>>;
}

/**
 * Trigger and pause/unpause of a DAG an entity binds. Each is allowed by its
 * permission on the DAG itself (`airflow-dag`: config and Airflow metadata,
 * not the entity's annotations), checked for binding like every read, and
 * wrapped by the audit trail (see AuditTrail): a denial is recorded too.
 */
export class DagOperations {
  constructor(private readonly options: DagOperationsOptions) {}

  trigger(
    caller: OperationCaller,
    ref: EntityDagRef,
    input: TriggerInput,
  ): Promise<AirflowDagRun> {
    const { requestId, conf, logicalDate, note } = input;
    const runId = deriveRunId({
      actor: caller.credentials.principal.userEntityRef,
      environment: ref.environment,
      dagId: ref.dagId,
      requestId,
    });
    return this.operate(caller, ref, {
      permission: airflowDagTriggerPermission,
      audited: triggerRecord(input),
      runId,
      call: async adapter => {
        try {
          const triggered = await adapter.triggerDagRun({
            dagId: ref.dagId,
            runId,
            conf,
            logicalDate,
            note,
          });
          if (triggered.deduplicated && !sameConf(triggered.value.conf, conf)) {
            throw new ConflictError(
              `This requestId started a run with a different conf (run ${runId}); choose a new requestId to start another run`,
            );
          }
          return { ...triggered, runId: triggered.value.runId };
        } catch (error) {
          // Airflow's detail may echo a param it refused, secret or not.
          throw withSecretsRedacted(error, secretValuesOf(conf));
        }
      },
    });
  }

  setPaused(
    caller: OperationCaller,
    ref: EntityDagRef,
    isPaused: boolean,
  ): Promise<AirflowDag> {
    return this.operate(caller, ref, {
      permission: airflowDagPausePermission,
      audited: pauseRecord(isPaused),
      call: adapter => adapter.setDagPaused(ref.dagId, isPaused),
    });
  }

  /** A trigger whose input could not be validated: recorded (`rejected`), then `error` is thrown. */
  rejectTrigger(
    caller: OperationCaller,
    params: RawDagParams,
    input: TriggerInput | undefined,
    error: Error,
  ): Promise<never> {
    return this.reject(caller, params, triggerRecord(input), error);
  }

  /** A pause/unpause whose input could not be validated; `isPaused` as sent, if at all. */
  rejectSetPaused(
    caller: OperationCaller,
    params: RawDagParams,
    isPaused: unknown,
    error: Error,
  ): Promise<never> {
    return this.reject(caller, params, pauseRecord(isPaused), error);
  }

  private operate<T>(
    caller: OperationCaller,
    ref: EntityDagRef,
    operation: DagOperation<T>,
  ): Promise<T> {
    const { credentials } = caller;
    const { authorizer, dags, audit } = this.options;
    const entityRef = stringifyEntityRef(ref.entity);
    const attempt = this.attempt(caller, operation.audited, {
      environment: ref.environment,
      dagId: ref.dagId,
      entityRef,
    });
    return audit.run(
      { ...attempt, runId: operation.runId },
      {
        authorize: () =>
          authorizer.assertDag(
            operation.permission,
            { environment: ref.environment, dagId: ref.dagId, via: entityRef },
            credentials,
          ),
        perform: async () => {
          const { adapter } = await dags.resolveEntityDag(ref, credentials);
          const performed = await operation.call(adapter);
          // Before answering, so the caller's next read already shows the change.
          await dags.dagChanged(ref.environment, ref.dagId);
          return performed;
        },
      },
    );
  }

  private reject(
    caller: OperationCaller,
    params: RawDagParams,
    audited: AuditedOperation,
    error: Error,
  ): Promise<never> {
    const { kind = '', namespace = '', name = '' } = params;
    const attempt = this.attempt(caller, audited, {
      environment: params.environment ?? '',
      dagId: params.dagId ?? '',
      entityRef: `${kind}:${namespace}/${name}`,
    });
    return this.options.audit.reject(attempt, error);
  }

  private attempt(
    caller: OperationCaller,
    audited: AuditedOperation,
    target: Pick<NewAuditRecord, 'environment' | 'dagId' | 'entityRef'>,
  ): AuditedAttempt {
    return {
      record: {
        actor: caller.credentials.principal.userEntityRef,
        ...audited,
        ...target,
        origin: caller.origin,
      },
      eventId: audited.action === 'dag.trigger' ? 'dag-trigger' : 'dag-pause',
      production:
        this.options.environments.find(target.environment)?.config.production ??
        false,
      request: caller.request,
    };
  }
}
