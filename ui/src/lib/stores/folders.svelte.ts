import { SvelteMap, SvelteSet } from 'svelte/reactivity';

import type { Folder } from '../api-types';
import { LIBRARY, toBackendError, type Backend } from '../backend';
import { byName, IDLE, withItem, type Listing } from './listing';

/** A folder id, or `null` for the top of the project. */
export type Location = number | null;

/**
 * The folders of one project, loaded lazily: each folder's children are fetched the first time
 * someone opens or expands it. Also remembers which folders are expanded in the sidebar.
 */
export class FolderTree {
  readonly projectId: number;
  /** The connection the project belongs to. */
  readonly connection: string;
  readonly #backend: Backend;
  readonly #listings = new SvelteMap<Location, Listing<Folder>>();
  readonly #folders = new SvelteMap<number, Folder>();
  readonly #expanded = new SvelteSet<number>();
  /** The latest request per location; answers to older ones are stale and dropped. */
  readonly #latest = new Map<Location, number>();
  #requests = 0;

  constructor(backend: Backend, projectId: number, connection: string = LIBRARY) {
    this.#backend = backend;
    this.projectId = projectId;
    this.connection = connection;
  }

  /** The children of `parent` as loaded so far (idle until someone asks for them). */
  listing(parent: Location): Listing<Folder> {
    return this.#listings.get(parent) ?? IDLE;
  }

  /** A folder seen in any listing of this project. */
  folder(id: number): Folder | undefined {
    return this.#folders.get(id);
  }

  /** The folders from the top of the project down to `location`, both ends included. */
  path(location: Location): Folder[] {
    const path: Folder[] = [];
    const seen = new Set<number>();
    let id = location;
    while (id !== null && !seen.has(id)) {
      seen.add(id);
      const folder = this.#folders.get(id);
      if (!folder) break;
      path.unshift(folder);
      id = folder.parent_id;
    }
    return path;
  }

  isExpanded(id: number): boolean {
    return this.#expanded.has(id);
  }

  /** Fetches the children of `parent`, replacing what was there. */
  async load(parent: Location): Promise<void> {
    const request = ++this.#requests;
    this.#latest.set(parent, request);
    const before = this.listing(parent);
    this.#listings.set(parent, { state: 'loading', items: before.items, error: null });
    try {
      const folders = await this.#backend.listFolders(this.projectId, parent, this.connection);
      if (this.#latest.get(parent) !== request) return;
      for (const folder of folders) this.#folders.set(folder.id, folder);
      this.#listings.set(parent, { state: 'ready', items: byName(folders), error: null });
    } catch (reason) {
      if (this.#latest.get(parent) !== request) return;
      this.#listings.set(parent, { state: 'error', items: [], error: toBackendError(reason) });
    }
  }

  /** Fetches the children of `parent` unless they are loaded or on their way. */
  async ensureLoaded(parent: Location): Promise<void> {
    const { state } = this.listing(parent);
    if (state === 'idle' || state === 'error') await this.load(parent);
  }

  /** Shows the children of `id` in the sidebar, loading them if needed. */
  async expand(id: number): Promise<void> {
    this.#expanded.add(id);
    await this.ensureLoaded(id);
  }

  collapse(id: number): void {
    this.#expanded.delete(id);
  }

  async toggle(id: number): Promise<void> {
    if (this.isExpanded(id)) this.collapse(id);
    else await this.expand(id);
  }

  /** Renames and/or moves `folder` (`parent` null: the top of the project); rejects with a `BackendError`. */
  async update(folder: Folder, change: { name?: string; parent?: Location }): Promise<Folder> {
    let updated: Folder;
    try {
      updated = await this.#backend.updateFolder(
        this.projectId,
        folder.id,
        { name: change.name, parent_id: change.parent },
        this.connection,
      );
    } catch (reason) {
      throw toBackendError(reason);
    }
    this.#folders.set(updated.id, updated);
    const before = this.listing(folder.parent_id);
    if (before.state === 'ready') {
      const rest = before.items.filter((f) => f.id !== folder.id);
      const items = updated.parent_id === folder.parent_id ? withItem(rest, updated) : rest;
      this.#listings.set(folder.parent_id, { ...before, items });
    }
    if (updated.parent_id !== folder.parent_id) {
      const after = this.listing(updated.parent_id);
      if (after.state === 'ready') {
        this.#listings.set(updated.parent_id, { ...after, items: withItem(after.items, updated) });
      }
    }
    return updated;
  }

  /** Deletes `folder` with everything below it; rejects with a `BackendError`. */
  async remove(folder: Folder): Promise<void> {
    try {
      await this.#backend.deleteFolder(this.projectId, folder.id, this.connection);
    } catch (reason) {
      throw toBackendError(reason);
    }
    const listing = this.listing(folder.parent_id);
    if (listing.state === 'ready') {
      this.#listings.set(folder.parent_id, { ...listing, items: listing.items.filter((f) => f.id !== folder.id) });
    }
    this.#folders.delete(folder.id);
    this.#expanded.delete(folder.id);
  }

  /** Whether `id` is `ancestor` or inside it. */
  isWithin(id: Location, ancestor: number): boolean {
    return this.path(id).some((f) => f.id === ancestor);
  }

  /** Creates a folder named `name` in `parent`; rejects with a `BackendError`. */
  async create(parent: Location, name: string): Promise<Folder> {
    let folder: Folder;
    try {
      folder = await this.#backend.createFolder(this.projectId, { name, parent_id: parent }, this.connection);
    } catch (reason) {
      throw toBackendError(reason);
    }
    this.#folders.set(folder.id, folder);
    const listing = this.listing(parent);
    if (listing.state === 'ready') {
      this.#listings.set(parent, { ...listing, items: withItem(listing.items, folder) });
    } else if (listing.state !== 'idle') {
      // A load in flight may have been answered before the folder existed: ask again.
      void this.load(parent);
    }
    return folder;
  }
}
