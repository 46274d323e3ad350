import {
  airflowDagPausePermission,
  airflowDagTriggerPermission,
  type AirflowAuditAction,
  type AirflowDag,
  type AirflowDagRun,
} from '@airflow-portal/plugin-airflow-common';
import type {
  AuditorService,
  AuditorServiceEvent,
  BackstageCredentials,
  BackstageUserPrincipal,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  InputError,
  isError,
  ServiceUnavailableError,
} from '@backstage/errors';
import type { ResourcePermission } from '@backstage/plugin-permission-common';
import type { Request } from 'express';
import type { z } from 'zod';
import { sanitizeConf } from '../audit/sanitizeConf';
import type {
  AuditCompletion,
  AuditStore,
  NewAuditRecord,
} from '../audit/types';
import type { AirflowAuthorizer } from '../permissions/AirflowAuthorizer';
import { parseInput } from '../router/parseInput';
import {
  entityDagParams,
  setPausedBody,
  triggerBody,
} from '../router/requestSchemas';
import type { AirflowService } from '../service/AirflowService';
import type { EnvironmentRegistry } from '../environments/EnvironmentRegistry';
import { isUpstreamError } from '../transport/errors';
import type { AirflowApiAdapter } from '../api/AirflowApiAdapter';
import { deriveRunId } from './runId';

/** A request body that was not JSON (or too large to read). */
export class UnreadableBody {
  constructor(readonly reason: string) {}
}

/** One attempt as the route sees it: raw path params and body. */
export interface ActionAttempt {
  credentials: BackstageCredentials<BackstageUserPrincipal>;
  /** Raw route params: namespace, kind, name, environment, dagId. */
  params: Record<string, string>;
  body: unknown;
  /** For Backstage's audit events. */
  request?: Request;
}

export interface AirflowActionsOptions {
  registry: EnvironmentRegistry;
  /**
   * The read side: its binding check (the same as for reads, with its cache),
   * and told after every successful action so that it refreshes its cache.
   */
  dags: Pick<AirflowService, 'resolveEntityDag' | 'dagChanged'>;
  authorizer: AirflowAuthorizer;
  store: AuditStore;
  auditor: AuditorService;
  logger: LoggerService;
}

interface Validated<B> {
  params: z.output<typeof entityDagParams>;
  entityRef: string;
  body: B;
}

interface Executed<T> {
  value: T;
  completion: AuditCompletion;
}

function rawRef(params: Record<string, string>): string {
  const { kind = '', namespace = '', name = '' } = params;
  return `${kind}:${namespace}/${name}`;
}

function describeError(error: unknown): string {
  if (isUpstreamError(error)) {
    return error.details.detail
      ? `${error.message}: ${error.details.detail}`
      : error.message;
  }
  return isError(error) ? `${error.name}: ${error.message}` : String(error);
}

/**
 * Trigger and pause/unpause. Every attempt leaves exactly one audit record:
 * bad input (`rejected`) and denials (`denied`) are written whole; allowed
 * attempts are recorded (`pending`) before Airflow is called and completed
 * after. If the record cannot be written the action is refused with 503 and
 * Airflow is not called.
 */
export class AirflowActions {
  constructor(private readonly options: AirflowActionsOptions) {}

  async trigger(attempt: ActionAttempt): Promise<AirflowDagRun> {
    const actor = attempt.credentials.principal.userEntityRef;
    let runId: string | undefined;
    return this.perform<z.output<typeof triggerBody>, AirflowDagRun>({
      attempt,
      action: () => 'dag.trigger',
      permission: airflowDagTriggerPermission,
      bodySchema: triggerBody,
      recordExtras: body => {
        runId = body
          ? deriveRunId({
              actor,
              environment: attempt.params.environment,
              dagId: attempt.params.dagId,
              requestId: body.requestId,
            })
          : undefined;
        return { conf: sanitizeConf(body?.conf), requestId: body?.requestId };
      },
      execute: async (adapter, validated) => {
        const result = await adapter.triggerDagRun({
          dagId: validated.params.dagId,
          runId: runId!,
          conf: validated.body.conf,
          logicalDate: validated.body.logicalDate,
          note: validated.body.note,
        });
        return {
          value: result.value,
          completion: {
            outcome: 'succeeded',
            upstreamStatus: result.upstreamStatus,
            runId: result.value.runId,
          },
        };
      },
      failedRunId: () => runId,
    });
  }

  async setPaused(attempt: ActionAttempt): Promise<AirflowDag> {
    const isPaused = (attempt.body as { isPaused?: unknown } | undefined)
      ?.isPaused;
    return this.perform<z.output<typeof setPausedBody>, AirflowDag>({
      attempt,
      action: body =>
        (body?.isPaused ?? isPaused) === false ? 'dag.unpause' : 'dag.pause',
      permission: airflowDagPausePermission,
      bodySchema: setPausedBody,
      recordExtras: () => ({}),
      execute: async (adapter, validated) => {
        const result = await adapter.setDagPaused(
          validated.params.dagId,
          validated.body.isPaused,
        );
        return {
          value: result.value,
          completion: {
            outcome: 'succeeded',
            upstreamStatus: result.upstreamStatus,
          },
        };
      },
      failedRunId: () => undefined,
    });
  }

  private async perform<B, T>(spec: {
    attempt: ActionAttempt;
    action: (body: B | undefined) => AirflowAuditAction;
    permission: ResourcePermission<'catalog-entity'>;
    bodySchema: z.ZodType<B, z.ZodTypeDef, unknown>;
    recordExtras: (
      body: B | undefined,
    ) => Pick<NewAuditRecord, 'conf' | 'requestId'>;
    execute: (
      adapter: AirflowApiAdapter,
      validated: Validated<B>,
    ) => Promise<Executed<T>>;
    failedRunId: () => string | undefined;
  }): Promise<T> {
    const { attempt } = spec;
    const { store, logger } = this.options;
    const actor = attempt.credentials.principal.userEntityRef;

    // 1. Input: 400 (unknown environment 404) before anything else.
    let validated: Validated<B> | undefined;
    let inputError: Error | undefined;
    let body: B | undefined;
    try {
      if (attempt.body instanceof UnreadableBody) {
        throw new InputError(`Invalid body: ${attempt.body.reason}`);
      }
      body = parseInput(spec.bodySchema, attempt.body ?? {}, 'body');
      const params = parseInput(entityDagParams, attempt.params, 'path');
      this.options.registry.get(params.environment);
      validated = {
        params,
        entityRef: stringifyEntityRef({
          kind: params.kind,
          namespace: params.namespace,
          name: params.name,
        }),
        body,
      };
    } catch (error) {
      inputError = error as Error;
    }

    const action = spec.action(body);
    const record: NewAuditRecord = {
      actor,
      action,
      environment:
        validated?.params.environment ?? attempt.params.environment ?? '',
      dagId: validated?.params.dagId ?? attempt.params.dagId ?? '',
      entityRef: validated?.entityRef ?? rawRef(attempt.params),
      ...spec.recordExtras(body),
    };
    const event = await this.auditEvent(record, attempt.request);

    if (!validated) {
      await this.recordWhole(record, event, inputError!, 'rejected');
      throw inputError;
    }

    // 2. Permissions: the DAG permission on the entity and operate on the environment.
    try {
      await this.options.authorizer.assertAction(
        spec.permission,
        validated.entityRef,
        validated.params.environment,
        attempt.credentials,
      );
    } catch (error) {
      if (isError(error) && error.name === 'NotAllowedError') {
        await this.recordWhole(record, event, error, 'denied');
      } else {
        await event.fail({ error: error as Error });
      }
      throw error;
    }

    // 3. The record, before Airflow is called.
    let id: string;
    try {
      id = await store.open(record);
    } catch (error) {
      logger.error(
        `Audit record could not be written; ${action} of ${record.dagId} in ${
          record.environment
        } refused: ${describeError(error)}`,
      );
      const refused = new ServiceUnavailableError(
        'The audit trail cannot be written right now; the action was not performed',
      );
      await event.fail({ error: refused, meta: { outcome: 'refused' } });
      throw refused;
    }

    // 4. The upstream call; the record is completed either way.
    let executed: Executed<T>;
    try {
      const { params } = validated;
      const { adapter } = await this.options.dags.resolveEntityDag(
        {
          entity: {
            kind: params.kind,
            namespace: params.namespace,
            name: params.name,
          },
          environment: params.environment,
          dagId: params.dagId,
        },
        attempt.credentials,
      );
      executed = await spec.execute(adapter, validated);
    } catch (error) {
      const completion: AuditCompletion = {
        outcome: 'failed',
        upstreamStatus: isUpstreamError(error)
          ? error.details.status
          : undefined,
        runId: spec.failedRunId(),
        error: describeError(error),
      };
      await this.completeQuietly(id, completion);
      await event.fail({
        error: error as Error,
        meta: { auditRecordId: id, ...jsonOf(completion) },
      });
      throw error;
    }
    // Before answering, so the caller's next read already reflects the change.
    await this.options.dags.dagChanged(
      validated.params.environment,
      validated.params.dagId,
    );
    await this.completeQuietly(id, executed.completion);
    await event.success({
      meta: { auditRecordId: id, ...jsonOf(executed.completion) },
    });
    return executed.value;
  }

  private async auditEvent(
    record: NewAuditRecord,
    request: Request | undefined,
  ): Promise<AuditorServiceEvent> {
    const production = this.isProduction(record.environment);
    return this.options.auditor.createEvent({
      eventId: record.action === 'dag.trigger' ? 'dag-trigger' : 'dag-pause',
      severityLevel: production ? 'high' : 'medium',
      request,
      meta: {
        actionType: record.action,
        actor: record.actor,
        environment: record.environment,
        dagId: record.dagId,
        entityRef: record.entityRef,
        ...(record.requestId ? { requestId: record.requestId } : {}),
      },
    });
  }

  private isProduction(environment: string): boolean {
    try {
      return this.options.registry
        .get(environment)
        .config.tags.some(
          tag => tag.toLocaleLowerCase('en-US') === 'production',
        );
    } catch {
      return false;
    }
  }

  /** Denied or rejected: one finished record; 503 if even that cannot be written. */
  private async recordWhole(
    record: NewAuditRecord,
    event: AuditorServiceEvent,
    error: Error,
    outcome: 'denied' | 'rejected',
  ): Promise<void> {
    let id: string;
    try {
      id = await this.options.store.record(record, {
        outcome,
        error: describeError(error),
      });
    } catch (storeError) {
      this.options.logger.error(
        `Audit record of a ${outcome} ${
          record.action
        } could not be written: ${describeError(storeError)}`,
      );
      await event.fail({ error, meta: { outcome } });
      throw new ServiceUnavailableError(
        'The audit trail cannot be written right now; the request was not processed',
      );
    }
    await event.fail({ error, meta: { outcome, auditRecordId: id } });
  }

  /** After the upstream call the record exists (pending); a failed update is logged. */
  private async completeQuietly(id: string, completion: AuditCompletion) {
    try {
      await this.options.store.complete(id, completion);
    } catch (error) {
      this.options.logger.error(
        `Audit record ${id} could not be completed (${
          completion.outcome
        }): ${describeError(error)}`,
      );
    }
  }
}

function jsonOf(completion: AuditCompletion) {
  const meta: Record<string, string | number> = { outcome: completion.outcome };
  if (completion.upstreamStatus !== undefined) {
    meta.upstreamStatus = completion.upstreamStatus;
  }
  if (completion.runId) meta.runId = completion.runId;
  if (completion.error) meta.error = completion.error;
  return meta;
}
