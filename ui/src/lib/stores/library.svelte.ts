import { SvelteMap } from 'svelte/reactivity';

import type { Folder, LibraryStatus, Project } from '../api-types';
import { LIBRARY, toBackendError, type Backend, type BackendError } from '../backend';
import { FolderTree, type Location } from './folders.svelte';
import { byName, IDLE, withItem, type Listing, type LoadState } from './listing';

/** The library's status as the UI knows it. */
export interface StatusState {
  readonly state: LoadState;
  readonly value: LibraryStatus | null;
  readonly error: BackendError | null;
}

/**
 * Everything the library screen shows: the local library's status, the projects of the open
 * connection (the local library or a server), which project and folder are open, and a lazily
 * loaded folder tree per project.
 */
export class Library {
  readonly #backend: Backend;
  readonly #trees = new SvelteMap<number, FolderTree>();
  #projectRequests = 0;

  status = $state.raw<StatusState>({ state: 'idle', value: null, error: null });
  /** The connection whose projects are shown. */
  connectionId = $state<string>(LIBRARY);
  projects = $state.raw<Listing<Project>>(IDLE);
  selectedProjectId = $state<number | null>(null);
  /** The open folder of the selected project; `null` is the top of the project. */
  currentFolderId = $state<Location>(null);

  readonly selectedProject: Project | undefined = $derived(
    this.projects.items.find((p) => p.id === this.selectedProjectId),
  );
  /** The selected project's folders. */
  readonly tree: FolderTree | undefined = $derived(
    this.selectedProjectId === null ? undefined : this.#trees.get(this.selectedProjectId),
  );
  /** The subfolders of the open location. */
  readonly current: Listing<Folder> = $derived(this.tree?.listing(this.currentFolderId) ?? IDLE);
  /** The folders from the top of the project down to the open one. */
  readonly breadcrumbs: Folder[] = $derived(this.tree?.path(this.currentFolderId) ?? []);

  constructor(backend: Backend) {
    this.#backend = backend;
  }

  /** Loads what the first screen needs. */
  async start(): Promise<void> {
    await Promise.all([this.loadStatus(), this.loadProjects()]);
  }

  async loadStatus(): Promise<void> {
    this.status = { state: 'loading', value: this.status.value, error: null };
    try {
      this.status = { state: 'ready', value: await this.#backend.libraryStatus(), error: null };
    } catch (reason) {
      this.status = { state: 'error', value: null, error: toBackendError(reason) };
    }
  }

  /** Shows the projects of another connection, closing the open project. */
  selectConnection(id: string): void {
    if (id === this.connectionId) {
      void this.loadProjects();
      return;
    }
    this.connectionId = id;
    this.selectedProjectId = null;
    this.currentFolderId = null;
    this.#trees.clear();
    this.projects = IDLE;
    void this.loadProjects();
  }

  async loadProjects(): Promise<void> {
    const request = ++this.#projectRequests;
    this.projects = { state: 'loading', items: this.projects.items, error: null };
    try {
      const projects = await this.#backend.listProjects(this.connectionId);
      if (request !== this.#projectRequests) return;
      this.projects = { state: 'ready', items: byName(projects), error: null };
    } catch (reason) {
      if (request !== this.#projectRequests) return;
      this.projects = { state: 'error', items: [], error: toBackendError(reason) };
    }
  }

  /** Creates a project and opens it; rejects with a `BackendError`. */
  async createProject(name: string, description: string): Promise<Project> {
    let project: Project;
    try {
      project = await this.#backend.createProject({ name, description }, this.connectionId);
    } catch (reason) {
      throw toBackendError(reason);
    }
    const listed = this.projects.state === 'ready';
    this.projects = { ...this.projects, items: withItem(this.projects.items, project) };
    // Not listed yet, or the list failed: list again (the new one shows meanwhile).
    if (!listed) void this.loadProjects();
    this.selectProject(project.id);
    return project;
  }

  /** Opens a project at its top level. */
  selectProject(id: number): void {
    this.selectedProjectId = id;
    this.currentFolderId = null;
    void this.#treeOf(id).ensureLoaded(null);
  }

  /** Opens a folder of the selected project (`null`: its top level). */
  openFolder(location: Location): void {
    const tree = this.tree;
    if (!tree) return;
    this.currentFolderId = location;
    // Reveal the open folder in the sidebar.
    for (const ancestor of tree.path(location).slice(0, -1)) void tree.expand(ancestor.id);
    void tree.ensureLoaded(location);
  }

  /** Loads the open location again, after an error. */
  async reloadCurrent(): Promise<void> {
    await this.tree?.load(this.currentFolderId);
  }

  /** Creates a folder in the open location; rejects with a `BackendError`. */
  async createFolder(name: string): Promise<Folder> {
    const tree = this.tree;
    if (!tree) throw toBackendError({ code: 'not_found', message: 'Open a project first.' });
    const folder = await tree.create(this.currentFolderId, name);
    // Show it in the sidebar too.
    if (this.currentFolderId !== null) void tree.expand(this.currentFolderId);
    return folder;
  }

  #treeOf(id: number): FolderTree {
    let tree = this.#trees.get(id);
    if (!tree) {
      tree = new FolderTree(this.#backend, id, this.connectionId);
      this.#trees.set(id, tree);
    }
    return tree;
  }
}
