import type { BackendError } from '../backend';

/** Where a list fetched from the backend is in its life. */
export type LoadState = 'idle' | 'loading' | 'ready' | 'error';

/**
 * A list fetched from the backend. Replaced as a whole on every change, so it can live in
 * `$state.raw` or a `SvelteMap` and stay reactive. While reloading, `items` keeps the previous
 * contents so the screen does not flash.
 */
export interface Listing<T> {
  readonly state: LoadState;
  readonly items: readonly T[];
  readonly error: BackendError | null;
}

/** A list nothing has asked for yet. */
export const IDLE: Listing<never> = Object.freeze({ state: 'idle', items: [], error: null });

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** Sorts by name the way people expect in a media pool: "Day 2" before "Day 10", case aside. */
export function byName<T extends { name: string; id: number }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => collator.compare(a.name, b.name) || a.id - b.id);
}

/** `items` with `item` added in name order. */
export function withItem<T extends { name: string; id: number }>(items: readonly T[], item: T): T[] {
  return byName([...items.filter((i) => i.id !== item.id), item]);
}
