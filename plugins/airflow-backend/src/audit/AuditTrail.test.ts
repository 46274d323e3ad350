import { mockServices } from '@backstage/backend-test-utils';
import {
  InputError,
  NotAllowedError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { timeoutFailure, UpstreamError } from '../transport/errors';
import { type AuditedAttempt, AuditTrail } from './AuditTrail';
import type { AuditCompletion, AuditStore, NewAuditRecord } from './types';

/** What the trail asked of its store, in order. */
function recordingStore(failing = false) {
  const log: string[] = [];
  const completions: AuditCompletion[] = [];
  const refuse = async () => {
    throw new Error('database is down');
  };
  const store: AuditStore = {
    open: failing
      ? refuse
      : async (record: NewAuditRecord) => {
          log.push(`open ${record.action}`);
          return 'id-1';
        },
    complete: async (id, completion) => {
      log.push(`complete ${id} ${completion.outcome}`);
      completions.push(completion);
    },
    record: failing
      ? refuse
      : async (_record, completion) => {
          log.push(`record ${completion.outcome}`);
          completions.push(completion);
          return 'id-2';
        },
    query: async () => ({ items: [] }),
    deleteOlderThan: async () => 0,
    listUnknownTriggers: async () => [],
    resolveUnknown: async () => false,
    findPerformedRequest: async () => undefined,
  };
  return { store, log, completions };
}

function setup(options: { failingStore?: boolean } = {}) {
  const { store, log, completions } = recordingStore(options.failingStore);
  const event = { success: jest.fn(), fail: jest.fn() };
  const auditor = mockServices.auditor.mock({
    createEvent: jest.fn(async () => event),
  });
  const trail = new AuditTrail({
    store,
    auditor,
    logger: mockServices.logger.mock(),
  });
  return { trail, log, completions, event, auditor };
}

const attempt: AuditedAttempt = {
  record: {
    actor: 'user:default/alice',
    action: 'dag.trigger',
    environment: 'prod',
    dagId: 'checkout',
    entityRef: 'component:default/shop',
    requestId: 'r-1',
  },
  eventId: 'dag-trigger',
  production: true,
  runId: 'portal__abc',
};

describe('AuditTrail', () => {
  it('writes the record before the call and completes it after', async () => {
    const { trail, log, completions, event, auditor } = setup();
    const value = await trail.run(attempt, {
      authorize: async () => {
        log.push('authorize');
      },
      perform: async () => {
        log.push('perform');
        return { value: 'run', upstreamStatus: 200, runId: 'portal__abc' };
      },
    });
    expect(value).toBe('run');
    expect(log).toEqual([
      'authorize',
      'open dag.trigger',
      'perform',
      'complete id-1 succeeded',
    ]);
    expect(completions[0]).toEqual({
      outcome: 'succeeded',
      upstreamStatus: 200,
      runId: 'portal__abc',
    });
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        eventId: 'dag-trigger',
        severityLevel: 'high',
      }),
    );
    expect(event.success).toHaveBeenCalledWith({
      meta: {
        auditRecordId: 'id-1',
        outcome: 'succeeded',
        upstreamStatus: 200,
        runId: 'portal__abc',
      },
    });
  });

  it("completes a failed call with Airflow's status and the intended run id", async () => {
    const { trail, completions, event } = setup();
    const failure = new UpstreamError('Airflow answered 404', {
      environment: 'prod',
      kind: 'http',
      status: 404,
      detail: 'DAG not found',
    });
    await expect(
      trail.run(attempt, {
        authorize: async () => {},
        perform: async () => {
          throw failure;
        },
      }),
    ).rejects.toBe(failure);
    expect(completions).toEqual([
      {
        outcome: 'failed',
        upstreamStatus: 404,
        runId: 'portal__abc',
        error: 'Airflow answered 404: DAG not found',
      },
    ]);
    expect(event.fail).toHaveBeenCalledWith(
      expect.objectContaining({
        error: expect.objectContaining({
          name: 'UpstreamError',
          message: 'Airflow answered 404: DAG not found',
        }),
      }),
    );
  });

  it('records a write that timed out as unknown: Airflow may have acted', async () => {
    const { trail, completions } = setup();
    const timeout = timeoutFailure(
      { environment: 'prod', operation: 'POST /dags/checkout/dagRuns' },
      30_000,
    );
    await expect(
      trail.run(attempt, {
        authorize: async () => {},
        perform: async () => {
          throw timeout;
        },
      }),
    ).rejects.toBe(timeout);
    expect(completions[0]).toMatchObject({
      outcome: 'unknown',
      runId: 'portal__abc',
    });
  });

  it('records a retried request that changed nothing as deduplicated', async () => {
    const { trail, completions } = setup();
    await trail.run(attempt, {
      authorize: async () => {},
      perform: async () => ({
        value: 'run',
        upstreamStatus: 409,
        runId: 'portal__abc',
        deduplicated: true,
      }),
    });
    expect(completions[0].outcome).toBe('deduplicated');
  });

  it('redacts secrets and AWS identifiers from the record and the event', async () => {
    const { trail, completions, event } = setup();
    const failure = new UpstreamError('Airflow answered 400', {
      environment: 'prod',
      kind: 'http',
      status: 400,
      detail:
        "Invalid input for param db_password: 'hunter2' (role arn:aws:iam::123456789012:role/portal)",
    });
    await expect(
      trail.run(attempt, {
        authorize: async () => {},
        perform: async () => {
          throw failure;
        },
      }),
    ).rejects.toBe(failure);
    expect(completions[0].error).toBe(
      'Airflow answered 400: Invalid input for param db_password: [REDACTED] (role [ARN])',
    );
    const logged = event.fail.mock.calls[0][0];
    expect(logged.error.message).not.toContain('hunter2');
    expect(JSON.stringify(logged.meta)).not.toContain('hunter2');
  });

  it('records a denial whole and never performs', async () => {
    const { trail, log, completions } = setup();
    const perform = jest.fn();
    await expect(
      trail.run(attempt, {
        authorize: async () => {
          throw new NotAllowedError('Permission airflow.dag.trigger required');
        },
        perform,
      }),
    ).rejects.toBeInstanceOf(NotAllowedError);
    expect(log).toEqual(['record denied']);
    expect(completions[0].error).toBe(
      'NotAllowedError: Permission airflow.dag.trigger required',
    );
    expect(perform).not.toHaveBeenCalled();
  });

  it('refuses with 503 and never performs when the record cannot be written', async () => {
    const { trail, event } = setup({ failingStore: true });
    const perform = jest.fn();
    await expect(
      trail.run(attempt, { authorize: async () => {}, perform }),
    ).rejects.toBeInstanceOf(ServiceUnavailableError);
    expect(perform).not.toHaveBeenCalled();
    expect(event.fail).toHaveBeenCalledWith(
      expect.objectContaining({ meta: { outcome: 'refused' } }),
    );
  });

  it('records rejected input whole, or answers 503 when it cannot', async () => {
    const bad = new InputError('Invalid body: conf: must be a JSON object');
    const { trail, log } = setup();
    await expect(trail.reject(attempt, bad)).rejects.toBe(bad);
    expect(log).toEqual(['record rejected']);

    const { trail: failing } = setup({ failingStore: true });
    await expect(failing.reject(attempt, bad)).rejects.toBeInstanceOf(
      ServiceUnavailableError,
    );
  });
});

describe('the owners a record keeps', () => {
  function ownersSetup(ownersOf: (r: NewAuditRecord) => Promise<string[]>) {
    const written: NewAuditRecord[] = [];
    const { store } = recordingStore();
    const trail = new AuditTrail({
      store: {
        ...store,
        open: async record => {
          written.push(record);
          return 'id-1';
        },
        record: async record => {
          written.push(record);
          return 'id-2';
        },
      },
      auditor: mockServices.auditor.mock({
        createEvent: async () => ({ success: jest.fn(), fail: jest.fn() }),
      }),
      logger: mockServices.logger.mock(),
      ownersOf,
    });
    return { trail, written };
  }

  it('are the entity’s owners, for opened and for denied records', async () => {
    const ownersOf = jest.fn(async (r: NewAuditRecord) => [
      `group:default/owner-of-${r.entityRef}`,
    ]);
    const { trail, written } = ownersSetup(ownersOf);
    await trail.run(attempt, {
      authorize: async () => {},
      perform: async () => ({ value: 1, upstreamStatus: 200 }),
    });
    await expect(
      trail.run(attempt, {
        authorize: async () => {
          throw new NotAllowedError('no');
        },
        perform: async () => ({ value: 1, upstreamStatus: 200 }),
      }),
    ).rejects.toThrow(NotAllowedError);
    expect(written.map(r => r.ownerRefs)).toEqual([
      ['group:default/owner-of-component:default/shop'],
      ['group:default/owner-of-component:default/shop'],
    ]);
  });

  it('are none when they cannot be read, and the attempt goes on', async () => {
    const { trail, written } = ownersSetup(async () => {
      throw new Error('catalog is down');
    });
    await expect(
      trail.run(attempt, {
        authorize: async () => {},
        perform: async () => ({ value: 'done', upstreamStatus: 200 }),
      }),
    ).resolves.toBe('done');
    expect(written).toHaveLength(1);
    expect(written[0].ownerRefs).toBeUndefined();
  });
});
