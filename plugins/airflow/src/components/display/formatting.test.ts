import { formatDateTime, formatRelative } from './formatting';

describe('formatRelative', () => {
  const now = Date.parse('2025-06-01T12:00:00Z');

  it.each([
    ['2025-06-01T11:59:48Z', '12 s ago'],
    ['2025-06-01T11:55:00Z', '5 min ago'],
    ['2025-06-01T09:00:00Z', '3 h ago'],
    ['2025-05-30T12:00:00Z', '2 d ago'],
    ['2025-06-01T12:30:00Z', 'in 30 min'],
  ])('formats %s as %s', (iso, expected) => {
    expect(formatRelative(iso, now)).toBe(expected);
  });

  it('shows a dash for missing or malformed times', () => {
    expect(formatRelative(undefined, now)).toBe('—');
    expect(formatRelative('not a date', now)).toBe('—');
    expect(formatDateTime(null)).toBe('—');
  });
});
