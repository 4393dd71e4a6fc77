import type { Waveform } from '../api-types';

/** One column of a drawn waveform: the lowest and highest value it covers (-128..127). */
export interface Column {
  readonly min: number;
  readonly max: number;
}

/**
 * The waveform's min/max pairs folded into `count` columns (one per pixel of the width it is
 * drawn at): each column is the extreme of the pairs under it. Never more columns than pairs.
 */
export function columnsOf(waveform: Waveform, count: number): Column[] {
  const pairs = Math.min(waveform.length, Math.floor(waveform.data.length / 2));
  const n = Math.max(0, Math.min(pairs, Math.floor(count)));
  const out: Column[] = [];
  for (let c = 0; c < n; c++) {
    const from = Math.floor((c * pairs) / n);
    const to = Math.max(from + 1, Math.floor(((c + 1) * pairs) / n));
    let min = 127;
    let max = -128;
    for (let p = from; p < to; p++) {
      min = Math.min(min, waveform.data[2 * p] ?? 0);
      max = Math.max(max, waveform.data[2 * p + 1] ?? 0);
    }
    out.push({ min, max });
  }
  return out;
}

/** An SVG path of the columns as vertical bars, in a box `count` wide and 256 high (0 in the middle). */
export function pathOf(columns: readonly Column[]): string {
  return columns.map((c, i) => `M${i + 0.5} ${128 - c.max}V${129 - c.min}`).join('');
}
