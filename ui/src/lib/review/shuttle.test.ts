import { describe, expect, it } from 'vitest';

import { shuttle, speedLabel } from './shuttle';

describe('J/K/L shuttle', () => {
  it('plays forward faster with each L, up to 8×', () => {
    let speed = 0;
    const seen = [];
    for (let i = 0; i < 5; i++) seen.push((speed = shuttle(speed, 'l')));
    expect(seen).toEqual([1, 2, 4, 8, 8]);
  });

  it('turns around with J and stops with K', () => {
    expect(shuttle(4, 'j')).toBe(-1);
    expect(shuttle(-1, 'j')).toBe(-2);
    expect(shuttle(-2, 'l')).toBe(1);
    expect(shuttle(-8, 'k')).toBe(0);
  });

  it('labels only unusual speeds', () => {
    expect(speedLabel(1)).toBe('');
    expect(speedLabel(0)).toBe('');
    expect(speedLabel(-2)).toBe('−2×');
    expect(speedLabel(4)).toBe('4×');
  });
});
