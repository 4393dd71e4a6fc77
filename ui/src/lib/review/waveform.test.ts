import { describe, expect, it } from 'vitest';

import type { Waveform } from '../api-types';
import { columnsOf, pathOf } from './waveform';

const wave = (data: number[]): Waveform => ({
  version: 2,
  channels: 1,
  sample_rate: 8000,
  samples_per_pixel: 80,
  bits: 8,
  length: data.length / 2,
  data,
});

describe('columnsOf', () => {
  it('folds pairs into columns by their extremes', () => {
    expect(columnsOf(wave([-1, 1, -5, 2, -3, 9, 0, 0]), 2)).toEqual([
      { min: -5, max: 2 },
      { min: -3, max: 9 },
    ]);
  });

  it('never makes more columns than pairs, nor any for nothing', () => {
    expect(columnsOf(wave([-1, 1, -2, 2]), 600)).toHaveLength(2);
    expect(columnsOf(wave([]), 600)).toEqual([]);
    expect(columnsOf(wave([-1, 1]), 0)).toEqual([]);
  });

  it('draws a bar per column from its max down to its min', () => {
    expect(pathOf([{ min: -128, max: 127 }, { min: 0, max: 0 }])).toBe('M0.5 1V257M1.5 128V129');
  });
});
