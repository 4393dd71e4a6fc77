import { SvelteMap } from 'svelte/reactivity';

import type { ApprovalStatus, File, Folder, ListQuery, SortKey } from '../api-types';
import { toBackendError, type Backend } from '../backend';
import { FilePages } from './file-pages.svelte';
import type { Workspace } from './workspace.svelte';

/** Rows, or tiles with posters. */
export type Layout = 'list' | 'grid';

/** One entry of the open folder: a subfolder, a file, or a file whose page is still loading. */
export type Item =
  | { readonly kind: 'folder'; readonly folder: Folder }
  | { readonly kind: 'file'; readonly file: File }
  | { readonly kind: 'pending'; readonly index: number };

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
/** Posters fetched at once: enough to fill a screen quickly without flooding the server. */
const POSTER_REQUESTS = 6;

/**
 * What the main area shows of the open folder: its subfolders (all of them, sorted and filtered
 * here) followed by its files (sorted and filtered by the server, a page at a time), the view
 * options, the poster URLs of the grid, and renaming, moving and deleting files.
 */
export class Browse {
  readonly #backend: Backend;
  readonly #library: Workspace;
  readonly #posters = new SvelteMap<string, string | null>();
  readonly #posterQueue: File[] = [];
  #posterRequests = 0;
  #key = '';

  sort = $state<SortKey>('name');
  descending = $state(false);
  /** Part of a name to show only what matches, ignoring case. */
  filter = $state('');
  /** Only files whose version on show has this approval status; `null`: any. */
  status = $state<ApprovalStatus | null>(null);
  layout = $state<Layout>('list');
  /** The files of the open folder; `null` at the top of a project (files live in folders). */
  files = $state.raw<FilePages | null>(null);

  /** The subfolders of the open location, filtered and in the chosen order. */
  readonly folders: readonly Folder[] = $derived.by(() => {
    const needle = this.filter.trim().toLowerCase();
    const key = this.sort === 'size' ? 'name' : this.sort;
    const sign = this.descending ? -1 : 1;
    return this.#library.current.items
      .filter((f) => needle === '' || f.name.toLowerCase().includes(needle))
      .sort((a, b) => {
        const order = key === 'name' ? collator.compare(a.name, b.name) : a[key].localeCompare(b[key]);
        return sign * (order || a.id - b.id);
      });
  });

  /** How many entries the open folder has (subfolders, then files). */
  readonly count: number = $derived(this.folders.length + (this.files?.total ?? 0));

  constructor(backend: Backend, library: Workspace) {
    this.#backend = backend;
    this.#library = library;
  }

  /**
   * Follows the library's open folder and the view options: a new folder, order or filter
   * starts a new list of files. Call it from an effect; it does nothing when nothing changed.
   */
  sync(): void {
    const { connectionId, selectedProjectId, currentFolderId } = this.#library;
    const name = this.filter.trim();
    const status = this.status;
    const key = JSON.stringify([connectionId, selectedProjectId, currentFolderId, this.sort, this.descending, name, status]);
    if (key === this.#key) return;
    this.#key = key;
    if (selectedProjectId === null || currentFolderId === null) {
      this.files = null;
      return;
    }
    const query: ListQuery = {
      sort: this.sort,
      descending: this.descending,
      ...(name ? { name } : {}),
      ...(status ? { status } : {}),
    };
    const files = new FilePages(this.#backend, connectionId, selectedProjectId, currentFolderId, query);
    this.files = files;
    void files.start();
  }

  /** The entry at `index`: subfolders first, then files. */
  itemAt(index: number): Item {
    const folder = this.folders[index];
    if (folder) return { kind: 'folder', folder };
    const fileIndex = index - this.folders.length;
    const file = this.files?.at(fileIndex);
    return file ? { kind: 'file', file } : { kind: 'pending', index: fileIndex };
  }

  /** Loads the pages of files that entries `[start, end)` need. */
  ensure(start: number, end: number): void {
    const offset = this.folders.length;
    void this.files?.ensure(start - offset, end - offset);
  }

  /** Lists the open folder again: its subfolders and its files. */
  async refresh(): Promise<void> {
    await Promise.all([this.#library.reloadCurrent(), this.files?.reload()]);
  }

  /**
   * Lists a folder again wherever it shows (after an upload into it): its subfolders when the
   * sidebar or the main area has them, its files when it is the open folder.
   */
  refreshFolder(connection: string, projectId: number, folderId: number): void {
    const library = this.#library;
    if (library.connectionId !== connection || library.selectedProjectId !== projectId) return;
    const tree = library.tree;
    if (tree && tree.listing(folderId).state !== 'idle') void tree.load(folderId);
    if (library.currentFolderId === folderId) void this.files?.reload();
  }

  /** The poster URL of `file`: a string once known, `null` when it has none, else fetches it. */
  poster(file: File): string | null | undefined {
    if (!file.has_poster) return null;
    const key = `${this.#library.connectionId}/${file.id}`;
    if (this.#posters.has(key)) return this.#posters.get(key);
    if (!this.#posterQueue.includes(file)) {
      this.#posterQueue.push(file);
      queueMicrotask(() => this.#nextPoster());
    }
    return undefined;
  }

  /** Renames a file; rejects with a `BackendError`. */
  async renameFile(file: File, name: string): Promise<File> {
    const updated = await this.#updateFile(file, { name });
    this.files?.replace(updated);
    void this.files?.reload();
    return updated;
  }

  /** Moves a file to another folder of its project; rejects with a `BackendError`. */
  async moveFile(file: File, folderId: number): Promise<File> {
    const updated = await this.#updateFile(file, { folder_id: folderId });
    void this.files?.reload();
    return updated;
  }

  /** Deletes a file and its bytes; rejects with a `BackendError`. */
  async deleteFile(file: File): Promise<void> {
    try {
      await this.#backend.deleteFile(ref(file), this.#library.connectionId);
    } catch (reason) {
      throw toBackendError(reason);
    }
    void this.files?.reload();
  }

  async #updateFile(file: File, update: { name?: string; folder_id?: number }): Promise<File> {
    try {
      return await this.#backend.updateFile(ref(file), update, this.#library.connectionId);
    } catch (reason) {
      throw toBackendError(reason);
    }
  }

  #nextPoster(): void {
    while (this.#posterRequests < POSTER_REQUESTS) {
      const file = this.#posterQueue.shift();
      if (!file) return;
      const key = `${this.#library.connectionId}/${file.id}`;
      if (this.#posters.has(key)) continue;
      this.#posterRequests++;
      this.#backend
        .posterUrl(ref(file), this.#library.connectionId)
        .then(
          (url) => this.#posters.set(key, url),
          () => this.#posters.set(key, null),
        )
        .finally(() => {
          this.#posterRequests--;
          this.#nextPoster();
        });
    }
  }
}

/** The backend's address of a file. */
export function ref(file: File) {
  return { projectId: file.project_id, folderId: file.folder_id, fileId: file.id };
}
