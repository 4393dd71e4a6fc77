import { describe, expect, it } from 'vitest';

import { columnsFor, rowsFor, rowWindow, scrollToReveal } from './window';

describe('the row window', () => {
  it('renders only the rows on screen and a few either side', () => {
    const w = rowWindow(10_000, 28, 0, 560, 4);
    expect(w.start).toBe(0);
    expect(w.end).toBe(25);
    expect(w.after).toBe((10_000 - 25) * 28);
  });

  it('follows the scroll position, keeping the total height', () => {
    const w = rowWindow(10_000, 28, 28 * 5000, 560, 4);
    expect(w.start).toBe(4996);
    expect(w.end).toBe(5025);
    expect(w.before + (w.end - w.start) * 28 + w.after).toBe(10_000 * 28);
  });

  it('clamps at the end and handles an empty list', () => {
    expect(rowWindow(10, 28, 10_000, 560).end).toBe(10);
    expect(rowWindow(0, 28, 0, 560)).toEqual({ start: 0, end: 0, before: 0, after: 0 });
  });

  it('lays a grid out in as many columns as fit', () => {
    expect(columnsFor(1000, 180)).toBe(5);
    expect(columnsFor(100, 180)).toBe(1);
    expect(columnsFor(0, 180)).toBe(1);
    expect(rowsFor(10_001, 5)).toBe(2001);
  });

  it('scrolls just enough to reveal a row', () => {
    expect(scrollToReveal(3, 28, 0, 280)).toBeNull();
    expect(scrollToReveal(20, 28, 0, 280)).toBe(21 * 28 - 280);
    expect(scrollToReveal(2, 28, 200, 280)).toBe(56);
  });
});
