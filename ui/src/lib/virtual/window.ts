/**
 * The arithmetic of a virtualized list or grid of equal-sized cells: which rows are on screen,
 * plus a few either side so fast scrolling does not show gaps. Only those rows are rendered, so
 * a folder of 100,000 files costs as much as one of 50.
 */

/** The rows to render and the space above and below them. */
export interface RowWindow {
  /** The first row to render. */
  readonly start: number;
  /** One past the last row to render. */
  readonly end: number;
  /** Height of the rows above `start`, in pixels. */
  readonly before: number;
  /** Height of the rows from `end` to the bottom. */
  readonly after: number;
}

/** How many columns of cells at least `minWidth` wide fit in `width` (at least one). */
export function columnsFor(width: number, minWidth: number): number {
  if (!(width > 0) || !(minWidth > 0)) return 1;
  return Math.max(1, Math.floor(width / minWidth));
}

/** How many rows `count` items make in `columns` columns. */
export function rowsFor(count: number, columns: number): number {
  return Math.ceil(Math.max(0, count) / Math.max(1, columns));
}

/**
 * The rows of height `rowHeight` to render for a viewport `viewport` pixels high scrolled to
 * `scrollTop`, with `overscan` extra rows either side.
 */
export function rowWindow(
  rows: number,
  rowHeight: number,
  scrollTop: number,
  viewport: number,
  overscan = 4,
): RowWindow {
  if (rows <= 0 || rowHeight <= 0) return { start: 0, end: 0, before: 0, after: 0 };
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const visible = Math.ceil(Math.max(0, viewport) / rowHeight) + 1;
  const start = Math.min(rows, Math.max(0, first - overscan));
  const end = Math.min(rows, first + visible + overscan);
  return { start, end, before: start * rowHeight, after: (rows - end) * rowHeight };
}

/**
 * The `scrollTop` that brings row `row` into view with the least movement, or `null` when it
 * is already fully visible.
 */
export function scrollToReveal(row: number, rowHeight: number, scrollTop: number, viewport: number): number | null {
  const top = row * rowHeight;
  const bottom = top + rowHeight;
  if (top < scrollTop) return top;
  if (bottom > scrollTop + viewport) return Math.max(0, bottom - viewport);
  return null;
}
