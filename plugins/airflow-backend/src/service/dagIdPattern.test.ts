import { dagIdPatternFor, longestCommonSubstring } from './dagIdPattern';

describe('dagIdPatternFor', () => {
  it('uses a single id as its own pattern', () => {
    expect(dagIdPatternFor(['orders'])).toBe('orders');
  });

  it('uses the longest common substring of several ids', () => {
    expect(
      dagIdPatternFor([
        'team_sales_daily',
        'team_sales_hourly',
        'eu_team_sales',
      ]),
    ).toBe('team_sales');
  });

  it('gives up on ids that share too little', () => {
    expect(dagIdPatternFor(['alpha', 'omega_x'])).toBeUndefined();
  });

  it('compares case-insensitively, as ILIKE does', () => {
    expect(longestCommonSubstring(['ETL_a', 'etl_b'])).toBe('etl_');
  });
});
