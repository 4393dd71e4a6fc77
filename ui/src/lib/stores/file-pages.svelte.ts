import { SvelteMap } from 'svelte/reactivity';

import type { File, ListQuery } from '../api-types';
import { toBackendError, type Backend, type BackendError } from '../backend';
import { working } from '../review/playback';
import type { LoadState } from './listing';

/** Files asked for again at once while their media jobs run (the rest wait for the next round). */
const WATCHED_AT_ONCE = 20;

/** Files per request: a screenful many times over, far below the server's 500. */
export const PAGE_SIZE = 200;

/**
 * The files of one folder in the server's order, fetched a page at a time as they scroll into
 * view, so a folder of 100,000 files opens as fast as one of 50. The sort and the name filter
 * are the server's; a new order or filter is a new `FilePages`.
 */
export class FilePages {
  readonly projectId: number;
  readonly folderId: number;
  readonly connection: string;
  readonly query: ListQuery;
  readonly pageSize: number;
  readonly #backend: Backend;
  readonly #pages = new SvelteMap<number, readonly File[]>();
  readonly #loading = new Set<number>();
  /** Bumped by `reload()`: answers to requests of an older generation are dropped. */
  #generation = 0;

  /** Files over all pages; `null` until the first page has answered. */
  total = $state<number | null>(null);
  state = $state<LoadState>('idle');
  error = $state.raw<BackendError | null>(null);

  constructor(
    backend: Backend,
    connection: string,
    projectId: number,
    folderId: number,
    query: ListQuery,
    pageSize = PAGE_SIZE,
  ) {
    this.#backend = backend;
    this.connection = connection;
    this.projectId = projectId;
    this.folderId = folderId;
    this.query = query;
    this.pageSize = pageSize;
  }

  /** The file at `index` in the server's order, once its page has loaded. */
  at(index: number): File | undefined {
    const page = this.#pages.get(Math.floor(index / this.pageSize) + 1);
    return page?.[index % this.pageSize];
  }

  /** Loads the first page (and with it the total). */
  async start(): Promise<void> {
    await this.#load(1, this.#generation);
  }

  /** Loads every page that holds an index in `[start, end)` and is not loaded or on its way. */
  async ensure(start: number, end: number): Promise<void> {
    if (end <= start) return;
    const first = Math.floor(Math.max(0, start) / this.pageSize) + 1;
    const last = Math.floor((end - 1) / this.pageSize) + 1;
    const waits: Promise<void>[] = [];
    for (let page = first; page <= last; page++) {
      if (!this.#pages.has(page) && !this.#loading.has(page)) waits.push(this.#load(page, this.#generation));
    }
    await Promise.all(waits);
  }

  /** Fetches again the pages loaded so far (after a rename, a move, a delete or an upload). */
  async reload(): Promise<void> {
    const loaded = [...this.#pages.keys()];
    this.#generation++;
    this.#loading.clear();
    const generation = this.#generation;
    const pages = loaded.length > 0 ? loaded : [1];
    await Promise.all(pages.map((page) => this.#load(page, generation)));
    for (const page of this.#pages.keys()) {
      if (!pages.includes(page)) this.#pages.delete(page);
    }
  }

  /** Replaces a file in place (its new name shows at once; `reload()` puts it in order). */
  replace(file: File): void {
    for (const [page, files] of this.#pages) {
      const at = files.findIndex((f) => f.id === file.id);
      if (at >= 0) this.#pages.set(page, files.map((f) => (f.id === file.id ? file : f)));
    }
  }

  /**
   * Asks again for the loaded files whose media jobs are under way (their "Preparing 42%"),
   * a few at a time, and shows what the server says now.
   */
  async refreshWorking(): Promise<void> {
    const busy = [...this.#pages.values()].flat().filter(working).slice(0, WATCHED_AT_ONCE);
    const generation = this.#generation;
    await Promise.all(
      busy.map(async (file) => {
        try {
          const now = await this.#backend.getFile(
            { projectId: this.projectId, folderId: file.folder_id, fileId: file.id },
            this.connection,
          );
          if (generation === this.#generation) this.replace(now);
        } catch {
          // Gone or unreachable for a moment: the next listing says.
        }
      }),
    );
  }

  async #load(page: number, generation: number): Promise<void> {
    this.#loading.add(page);
    if (this.total === null) this.state = 'loading';
    try {
      const answer = await this.#backend.listFilesPage(
        this.projectId,
        this.folderId,
        this.query,
        page,
        this.pageSize,
        this.connection,
      );
      if (generation !== this.#generation) return;
      this.#pages.set(page, answer.items);
      this.total = answer.total;
      this.state = 'ready';
      this.error = null;
    } catch (reason) {
      if (generation !== this.#generation) return;
      this.error = toBackendError(reason);
      this.state = 'error';
    } finally {
      if (generation === this.#generation) this.#loading.delete(page);
    }
  }
}
