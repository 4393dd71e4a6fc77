import { describe, expect, it } from 'vitest';

import { usageShare, usageWords } from './usage';

describe('usageWords', () => {
  it('says how much of the quota is used', () => {
    expect(usageWords({ used_bytes: 12_345_678_901, limit_bytes: 100_000_000_000 })).toBe('12.3 GB of 100 GB used');
    expect(usageShare({ used_bytes: 25, limit_bytes: 100 })).toBe(0.25);
  });

  it('leaves out the limit when the server has none', () => {
    expect(usageWords({ used_bytes: 0, limit_bytes: null })).toBe('0 bytes used');
    expect(usageShare({ used_bytes: 10, limit_bytes: null })).toBeNull();
  });

  it('never shows more than full, even past a lowered quota', () => {
    expect(usageShare({ used_bytes: 150, limit_bytes: 100 })).toBe(1);
    expect(usageShare({ used_bytes: 1, limit_bytes: 0 })).toBe(1);
  });
});
