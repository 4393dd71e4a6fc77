import type { File, QueuedBatch, Transfer, TransferEvent, TransferProgress, TransferState } from '../api-types';
import { toBackendError, type Backend, type BackendError } from '../backend';
import { describeError } from '../errors';
import type { LoadState } from './listing';

/** Moving or waiting its turn: what the sidebar's badge counts. */
export const ACTIVE: ReadonlySet<TransferState> = new Set(['queued', 'sending', 'finalising', 'verifying']);
/** What "Clear finished" removes (failed ones stay, to be retried or cancelled). */
export const FINISHED: ReadonlySet<TransferState> = new Set(['done', 'skipped', 'cancelled']);

/** The queue at a glance. */
export interface Totals {
  /** Transfers queued or moving. */
  readonly active: number;
  /** Bytes done and in all, over the batches that still have active transfers. */
  readonly done: number;
  readonly size: number;
  /** Bytes a second over all transfers. */
  readonly rate: number;
  /** Seconds left at that rate, when moving. */
  readonly etaSecs: number | null;
  readonly failed: number;
  /** Stopped by the person or the app, to go on later: not done, not moving. */
  readonly paused: number;
  /** What "Clear finished" would remove. */
  readonly finished: number;
}

/** A short message about transfers, with a way to the panel. */
export interface Notice {
  readonly kind: 'info' | 'error';
  readonly text: string;
}

type BatchFinished = Extract<TransferEvent, { kind: 'batch_finished' }>;

/** When coalesced progress is applied: on the next frame, or soon where there are none. */
export type Scheduler = (flush: () => void) => void;

const nextFrame: Scheduler = (flush) => {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => flush());
  else setTimeout(flush, 16);
};

/**
 * The transfer queue as the app's engine reports it: listed once, then kept current by its
 * events. Progress comes ten times a second per transfer and is applied at most once a frame
 * (the latest per transfer); changes and removals at once; `transfers-resync` lists again.
 * Also the actions on one transfer, queuing downloads, and a notice about what just happened.
 */
export class Transfers {
  readonly #backend: Backend;
  readonly #schedule: Scheduler;
  readonly #pending = new Map<string, TransferProgress>();
  readonly #batchListeners = new Set<(event: BatchFinished) => void>();
  /** Download batches queued here, with what to say when they finish. */
  readonly #downloads = new Map<string, string>();
  #flushScheduled = false;
  #unsubscribe: (() => void)[] | null = null;
  #loads = 0;
  /** While a list is on its way: the events that came meanwhile. */
  #during: TransferEvent[] | null = null;

  items = $state.raw<readonly Transfer[]>([]);
  state = $state<LoadState>('idle');
  error = $state.raw<BackendError | null>(null);
  notice = $state.raw<Notice | null>(null);
  /**
   * Transfers whose progress went back (a resume starts from what the far end confirmed, which
   * can be less than what was sent): the bytes shown before, until they are passed again.
   */
  rewinds = $state.raw<ReadonlyMap<string, number>>(new Map());

  readonly totals: Totals = $derived.by(() => totalsOf(this.items));

  constructor(backend: Backend, schedule: Scheduler = nextFrame) {
    this.#backend = backend;
    this.#schedule = schedule;
  }

  /** Follows the engine's events, then lists the transfers. */
  async start(): Promise<void> {
    if (this.#unsubscribe === null) {
      this.#unsubscribe = [];
      const subscriptions = await Promise.allSettled([
        this.#backend.onTransferEvent((event) => this.apply(event)),
        this.#backend.onTransfersResync(() => void this.load()),
      ]);
      for (const s of subscriptions) {
        if (s.status === 'fulfilled') this.#unsubscribe.push(s.value);
        else console.warn('not following transfers', toBackendError(s.reason));
      }
    }
    await this.load();
  }

  stop(): void {
    for (const unsubscribe of this.#unsubscribe ?? []) unsubscribe();
    this.#unsubscribe = [];
  }

  /** Lists every transfer again (at start, after lost events, after a move). */
  async load(): Promise<void> {
    const request = ++this.#loads;
    this.#during = [];
    if (this.state !== 'ready') this.state = 'loading';
    try {
      const listed = await this.#backend.listTransfers();
      if (request !== this.#loads) return;
      const during = this.#during ?? [];
      this.#during = null;
      this.#pending.clear();
      this.items = listed;
      this.state = 'ready';
      this.error = null;
      this.#replay(during, new Set(listed.map((t) => t.id)));
    } catch (reason) {
      if (request !== this.#loads) return;
      this.#during = null;
      this.error = toBackendError(reason);
      this.state = 'error';
    }
  }

  /** Applies one event from the engine. */
  apply(event: TransferEvent): void {
    this.#during?.push(event);
    switch (event.kind) {
      case 'changed':
        // Newer than any progress still waiting for the frame.
        this.#pending.delete(event.transfer.id);
        this.#upsert(event.transfer);
        break;
      case 'progress':
        this.#pending.set(event.progress.id, event.progress);
        if (!this.#flushScheduled) {
          this.#flushScheduled = true;
          this.#schedule(() => this.flush());
        }
        break;
      case 'removed':
        this.#pending.delete(event.id);
        this.#noteProgress(event.id, 0, 0, 'cancelled');
        this.items = this.items.filter((t) => t.id !== event.id);
        break;
      case 'batch_finished':
        this.#finished(event);
        break;
    }
  }

  /** Applies the progress that came since the last frame. */
  flush(): void {
    this.#flushScheduled = false;
    if (this.#pending.size === 0) return;
    const pending = new Map(this.#pending);
    this.#pending.clear();
    this.items = this.items.map((t) => {
      const p = pending.get(t.id);
      if (!p || !ACTIVE.has(t.state)) return t;
      this.#noteProgress(t.id, t.done, p.done, t.state);
      return { ...t, done: p.done, size: p.size ?? t.size, rate: p.rate, eta_secs: p.eta_secs };
    });
  }

  /** The bytes a transfer showed before its progress went back, or `null`. */
  rewoundFrom(id: string): number | null {
    return this.rewinds.get(id) ?? null;
  }

  /** Notes a transfer's progress going from `before` to `after` bytes. */
  #noteProgress(id: string, before: number, after: number, state: TransferState): void {
    const from = this.rewinds.get(id);
    if (after < before && state !== 'done') {
      this.rewinds = new Map(this.rewinds).set(id, Math.max(from ?? 0, before));
    } else if (from !== undefined && (after >= from || FINISHED.has(state))) {
      const next = new Map(this.rewinds);
      next.delete(id);
      this.rewinds = next;
    }
  }

  /** Calls `listener` when a batch's last transfer has ended; returns an unsubscribe. */
  onBatchFinished(listener: (event: BatchFinished) => void): () => void {
    this.#batchListeners.add(listener);
    return () => this.#batchListeners.delete(listener);
  }

  /** Queues downloads of `files` (of one project) into the download folder; says so. */
  async download(connection: string, files: readonly File[]): Promise<QueuedBatch | null> {
    const first = files[0];
    if (!first) return null;
    const items = files.map((f) => ({ folder_id: f.folder_id, file_id: f.id, name: f.name }));
    const what = files.length === 1 ? first.name : `${files.length} files`;
    try {
      const batch = await this.#backend.queueDownloads(first.project_id, items, connection);
      this.#downloads.set(batch.batch, what);
      this.say('info', `Downloading ${what} to your download folder.`);
      return batch;
    } catch (reason) {
      this.say('error', `Couldn’t download ${what}. ${describeError(toBackendError(reason))}`);
      return null;
    }
  }

  pause(id: string): Promise<void> {
    return this.#act(() => this.#backend.pauseTransfer(id));
  }

  resume(id: string): Promise<void> {
    return this.#act(() => this.#backend.resumeTransfer(id));
  }

  retry(id: string): Promise<void> {
    return this.#act(() => this.#backend.retryTransfer(id));
  }

  cancel(id: string): Promise<void> {
    return this.#act(() => this.#backend.cancelTransfer(id));
  }

  reveal(id: string): Promise<void> {
    return this.#act(() => this.#backend.revealTransfer(id));
  }

  open(id: string): Promise<void> {
    return this.#act(() => this.#backend.openTransfer(id));
  }

  clearFinished(): Promise<void> {
    return this.#act(() => this.#backend.clearFinishedTransfers());
  }

  /** Where a queued transfer goes to swap places with the queued one before or after it. */
  moveTarget(id: string, direction: 'up' | 'down'): number | null {
    const at = this.items.findIndex((t) => t.id === id);
    if (at < 0 || this.items[at]?.state !== 'queued') return null;
    const step = direction === 'up' ? -1 : 1;
    for (let i = at + step; i >= 0 && i < this.items.length; i += step) {
      if (this.items[i]?.state === 'queued') return i;
    }
    return null;
  }

  /** Swaps a queued transfer with the queued one before or after it; lists again after. */
  async move(id: string, direction: 'up' | 'down'): Promise<void> {
    const index = this.moveTarget(id, direction);
    if (index === null) return;
    await this.#act(() => this.#backend.moveTransfer(id, index));
    // Events say what changed, not where it is now: show it moved, then ask for the order.
    const moved = this.items.find((t) => t.id === id);
    if (moved) {
      const rest = this.items.filter((t) => t.id !== id);
      rest.splice(index, 0, moved);
      this.items = rest;
    }
    await this.load();
  }

  say(kind: Notice['kind'], text: string): void {
    this.notice = { kind, text };
  }

  dismiss(): void {
    this.notice = null;
  }

  async #act(action: () => Promise<void>): Promise<void> {
    try {
      await action();
    } catch (reason) {
      throw toBackendError(reason);
    }
  }

  #upsert(transfer: Transfer): void {
    const at = this.items.findIndex((t) => t.id === transfer.id);
    const before = this.items[at];
    if (before) this.#noteProgress(transfer.id, before.done, transfer.done, transfer.state);
    this.items = at < 0 ? [...this.items, transfer] : this.items.map((t, i) => (i === at ? transfer : t));
  }

  /**
   * Replays what came while the list was on its way, where it cannot undo what the list says:
   * removals, progress that moves forward, transfers the list did not have yet. A change to a
   * listed transfer may be older or newer than the list, so that asks for the list again.
   */
  #replay(events: TransferEvent[], listed: ReadonlySet<string>): void {
    let again = false;
    for (const event of events) {
      if (event.kind === 'changed' && listed.has(event.transfer.id)) {
        again = true;
      } else if (event.kind === 'progress') {
        const t = this.items.find((x) => x.id === event.progress.id);
        if (t && event.progress.done > t.done) this.apply(event);
      } else if (event.kind !== 'batch_finished') {
        this.apply(event);
      }
    }
    if (again) void this.load();
  }

  #finished(event: BatchFinished): void {
    const what = this.#downloads.get(event.batch);
    if (what !== undefined) {
      this.#downloads.delete(event.batch);
      if (event.failed > 0) this.say('error', `The download of ${what} failed; see Transfers for why.`);
      else this.say('info', `Downloaded ${what} to your download folder.`);
    }
    for (const listener of [...this.#batchListeners]) listener(event);
  }
}

/** The counts and sums the panel's header and the sidebar show. */
export function totalsOf(items: readonly Transfer[]): Totals {
  const busy = new Set(items.filter((t) => ACTIVE.has(t.state)).map((t) => t.batch));
  let active = 0;
  let done = 0;
  let size = 0;
  let rate = 0;
  let failed = 0;
  let paused = 0;
  let finished = 0;
  for (const t of items) {
    if (ACTIVE.has(t.state)) active++;
    if (t.state === 'failed') failed++;
    if (t.state === 'paused') paused++;
    if (FINISHED.has(t.state)) finished++;
    rate += t.rate;
    // The work in hand: every transfer of a batch still moving, so the bar only goes forward.
    if (busy.has(t.batch) && t.state !== 'cancelled' && t.state !== 'skipped') {
      done += t.done;
      size += t.size ?? t.done;
    }
  }
  const etaSecs = rate > 0 && size > done ? Math.ceil((size - done) / rate) : null;
  return { active, done, size, rate, etaSecs, failed, paused, finished };
}
