import type {
  AuditorService,
  AuditorServiceEvent,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { isError, ServiceUnavailableError } from '@backstage/errors';
import type { Request } from 'express';
import {
  describeError,
  describeErrorForUsers,
  isUpstreamError,
  redactedError,
} from '../transport/errors';
import type { AuditCompletion, AuditStore, NewAuditRecord } from './types';

/** One attempt of an operation, as far as it is known before anything happens. */
export interface AuditedAttempt {
  /** Who tried what, where. */
  record: NewAuditRecord;
  /** Backstage's auditor event id, e.g. `dag-trigger`. */
  eventId: string;
  /** Attempts in a production environment are audited with severity `high`. */
  production: boolean;
  /** The run id the attempt asks Airflow for: kept in the record even when the attempt fails. */
  runId?: string;
  /** The HTTP request, for Backstage's auditor. */
  request?: Request;
}

/** What an allowed attempt did in Airflow. */
export interface Performed<T> {
  value: T;
  upstreamStatus: number;
  runId?: string;
  /** Nothing new happened: the request had been performed already (a retried trigger). */
  deduplicated?: boolean;
  /** Task ids a run action affected, kept in the record. */
  taskIds?: string[];
}

export interface AuditedSteps<T> {
  /** Throws `NotAllowedError` when the caller may not: the attempt is then recorded as `denied`. */
  authorize(): Promise<void>;
  /** The call to Airflow; runs only once the `pending` record is written. */
  perform(): Promise<Performed<T>>;
}

export interface AuditTrailOptions {
  store: AuditStore;
  auditor: AuditorService;
  logger: LoggerService;
  /**
   * The owners of a record's entity, kept with
   * the record so that policies can let owners read it. A failure leaves the
   * record without owners (readable only by who may read every record).
   */
  ownersOf?: (record: NewAuditRecord) => Promise<string[]>;
}

/**
 * The life of every operation attempt, so that each one leaves exactly one
 * audit record and one Backstage auditor event: bad input (`rejected`) and
 * denials (`denied`) are written whole, with a digest of their conf in
 * place of the conf; an allowed attempt is recorded (`pending`) before
 * Airflow is called and completed after (`succeeded`, `deduplicated`,
 * `failed`, or `unknown` when the call timed out). If a record cannot be written the attempt is refused with 503
 * and Airflow is not called.
 */
export class AuditTrail {
  constructor(private readonly options: AuditTrailOptions) {}

  /** Input that could not be read: one `rejected` record, then `error` is thrown. */
  async reject(attempt: AuditedAttempt, error: Error): Promise<never> {
    const event = await this.createEvent(attempt);
    await this.recordWhole(attempt.record, event, error, 'rejected');
    throw error;
  }

  /** Authorizes, records, calls Airflow and completes the record; answers what Airflow did. */
  async run<T>(attempt: AuditedAttempt, steps: AuditedSteps<T>): Promise<T> {
    const { record } = attempt;
    const event = await this.createEvent(attempt);

    try {
      await steps.authorize();
    } catch (error) {
      if (isError(error) && error.name === 'NotAllowedError') {
        await this.recordWhole(record, event, error, 'denied');
      } else {
        await event.fail({ error: redactedError(error) });
      }
      throw error;
    }

    let id: string;
    try {
      id = await this.options.store.open(await this.withOwners(record));
    } catch (error) {
      this.options.logger.error(
        `Audit record could not be written; ${record.action} of ${
          record.dagId
        } in ${record.environment} refused: ${describeError(error)}`,
      );
      const refused = new ServiceUnavailableError(
        'The audit trail cannot be written right now; the action was not performed',
      );
      await event.fail({ error: refused, meta: { outcome: 'refused' } });
      throw refused;
    }

    let performed: Performed<T>;
    try {
      performed = await steps.perform();
    } catch (error) {
      const completion: AuditCompletion = {
        // A write that timed out may still have happened in Airflow; a
        // trigger's is resolved later from its run id (see reconcileUnknown).
        outcome: timedOut(error) ? 'unknown' : 'failed',
        upstreamStatus: isUpstreamError(error)
          ? error.details.status
          : undefined,
        runId: attempt.runId,
        error: describeErrorForUsers(error),
      };
      await this.completeQuietly(id, completion);
      await event.fail({
        error: redactedError(error),
        meta: { auditRecordId: id, ...eventMeta(completion) },
      });
      throw error;
    }
    const completion: AuditCompletion = {
      outcome: performed.deduplicated ? 'deduplicated' : 'succeeded',
      upstreamStatus: performed.upstreamStatus,
      runId: performed.runId,
      taskIds: performed.taskIds,
    };
    await this.completeQuietly(id, completion);
    await event.success({
      meta: { auditRecordId: id, ...eventMeta(completion) },
    });
    return performed.value;
  }

  private createEvent(attempt: AuditedAttempt): Promise<AuditorServiceEvent> {
    const { record } = attempt;
    return this.options.auditor.createEvent({
      eventId: attempt.eventId,
      severityLevel: attempt.production ? 'high' : 'medium',
      request: attempt.request,
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

  /** Denied or rejected: one finished record; 503 if even that cannot be written. */
  private async recordWhole(
    record: NewAuditRecord,
    event: AuditorServiceEvent,
    error: Error,
    outcome: 'denied' | 'rejected',
  ): Promise<void> {
    // Of a conf nobody was allowed to apply, its digest and size are enough:
    // anyone signed in could otherwise fill the trail with 8 KiB bodies.
    const kept: NewAuditRecord = {
      ...(await this.withOwners(record)),
      conf: undefined,
    };
    let id: string;
    try {
      id = await this.options.store.record(kept, {
        outcome,
        error: describeErrorForUsers(error),
      });
    } catch (storeError) {
      this.options.logger.error(
        `Audit record of a ${outcome} ${
          record.action
        } could not be written: ${describeError(storeError)}`,
      );
      await event.fail({ error: redactedError(error), meta: { outcome } });
      throw new ServiceUnavailableError(
        'The audit trail cannot be written right now; the request was not processed',
      );
    }
    await event.fail({
      error: redactedError(error),
      meta: { outcome, auditRecordId: id },
    });
  }

  /** The record with its target's owners; never rejects. */
  private async withOwners(record: NewAuditRecord): Promise<NewAuditRecord> {
    const { ownersOf } = this.options;
    if (!ownersOf) {
      return record;
    }
    try {
      return { ...record, ownerRefs: await ownersOf(record) };
    } catch (error) {
      this.options.logger.warn(
        `Owners of ${record.entityRef} (${record.environment}:${
          record.dagId
        }) could not be read; the audit record keeps none: ${describeError(
          error,
        )}`,
      );
      return record;
    }
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

function timedOut(error: unknown): boolean {
  return isUpstreamError(error) && error.details.kind === 'timeout';
}

function eventMeta(completion: AuditCompletion) {
  const meta: Record<string, string | number> = { outcome: completion.outcome };
  if (completion.upstreamStatus !== undefined) {
    meta.upstreamStatus = completion.upstreamStatus;
  }
  if (completion.runId) meta.runId = completion.runId;
  if (completion.error) meta.error = completion.error;
  return meta;
}
