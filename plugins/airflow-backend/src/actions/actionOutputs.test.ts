import { REDACTED } from '../redaction/redact';
import { toLogOutput, toRunOutput } from './actionOutputs';

describe('action outputs', () => {
  it('redact secrets in log lines', () => {
    const secret = 'hunter2';
    const output = toLogOutput({
      lines: [
        {
          level: 'info',
          message: `connecting to postgresql://etl:${secret}@db.internal/orders`,
        },
      ],
      endOfLog: true,
    });

    expect(output.lines[0].message).not.toContain(secret);
    expect(output.lines[0].message).toContain(REDACTED);
    expect(output.endOfLog).toBe(true);
  });

  it('redact secret-looking values of a run conf, whoever reads it', () => {
    const output = toRunOutput({
      environment: 'prod',
      dagId: 'checkout',
      runId: 'manual__1',
      state: 'success',
      conf: { date: '2025-01-01', apiKey: 'k-123', nested: { token: 't' } },
    });

    expect(output.conf).toEqual({
      date: '2025-01-01',
      apiKey: REDACTED,
      nested: { token: REDACTED },
    });
  });
});
