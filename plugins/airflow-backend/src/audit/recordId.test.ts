import { RecordIds } from './recordId';

describe('RecordIds', () => {
  it('sorts ids of one millisecond in the order they were made', () => {
    const ids = new RecordIds();
    const made = Array.from({ length: 5000 }, () =>
      ids.next(1_700_000_000_000),
    );
    expect([...made].sort()).toEqual(made);
    expect(made[0]).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('never goes backwards when the clock does', () => {
    const ids = new RecordIds();
    const later = ids.next(2_000);
    expect(ids.next(1_000) > later).toBe(true);
  });
});
