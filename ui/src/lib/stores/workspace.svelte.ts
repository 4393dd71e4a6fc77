import { SvelteMap } from 'svelte/reactivity';

import type { Folder, LibraryStatus, Project, ProjectUpdate, StorageUsage } from '../api-types';
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
 * The workspace: what is open, on which connection — the projects of the open connection (the
 * local library or a server), which project and folder are open, a lazily loaded folder tree
 * per project — and the local library's status. ("Library" means only the local library, the
 * server the app runs in-process.)
 */
export class Workspace {
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
  /** Counts every navigation the person makes in the library (a project, a folder, a server). */
  navigations = $state(0);

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
    this.navigations++;
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
    this.navigations++;
    this.selectedProjectId = id;
    this.currentFolderId = null;
    void this.#treeOf(id).ensureLoaded(null);
  }

  /** Opens a folder of the selected project (`null`: its top level). */
  openFolder(location: Location): void {
    const tree = this.tree;
    if (!tree) return;
    this.navigations++;
    this.currentFolderId = location;
    // Reveal the open folder in the sidebar.
    for (const ancestor of tree.path(location).slice(0, -1)) void tree.expand(ancestor.id);
    void tree.ensureLoaded(location);
  }

  /** Renames a project or changes its description; rejects with a `BackendError`. */
  async updateProject(id: number, update: ProjectUpdate): Promise<Project> {
    let project: Project;
    try {
      project = await this.#backend.updateProject(id, update, this.connectionId);
    } catch (reason) {
      throw toBackendError(reason);
    }
    this.projects = { ...this.projects, items: withItem(this.projects.items, project) };
    return project;
  }

  /** Deletes a project with everything in it, closing it if it was open. */
  /** The storage project `id` takes on the server and its quota; rejects when not reported. */
  projectUsage(id: number): Promise<StorageUsage> {
    return this.#backend.projectUsage(id, this.connectionId);
  }

  async deleteProject(id: number): Promise<void> {
    try {
      await this.#backend.deleteProject(id, this.connectionId);
    } catch (reason) {
      throw toBackendError(reason);
    }
    this.projects = { ...this.projects, items: this.projects.items.filter((p) => p.id !== id) };
    this.#trees.delete(id);
    if (this.selectedProjectId === id) {
      this.selectedProjectId = null;
      this.currentFolderId = null;
      this.navigations++;
    }
  }

  /** Renames and/or moves a folder of the open project, keeping the open location valid. */
  async updateFolder(folder: Folder, change: { name?: string; parent?: Location }): Promise<Folder> {
    const tree = this.tree;
    if (!tree) throw toBackendError({ code: 'not_found', message: 'Open a project first.' });
    return tree.update(folder, change);
  }

  /** Deletes a folder of the open project; if the open location was inside it, opens its parent. */
  async deleteFolder(folder: Folder): Promise<void> {
    const tree = this.tree;
    if (!tree) throw toBackendError({ code: 'not_found', message: 'Open a project first.' });
    const inside = tree.isWithin(this.currentFolderId, folder.id);
    await tree.remove(folder);
    if (inside) this.openFolder(folder.parent_id);
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

  /**
   * "Project / Folder / Subfolder" for a place of the open connection, as far as the names are
   * known here (projects listed, folders seen in the tree); `null` when none is.
   */
  placeName(connection: string, projectId: number, folderId: number | null): string | null {
    if (connection !== this.connectionId) return null;
    const project = this.projects.items.find((p) => p.id === projectId);
    if (!project) return null;
    const folders = this.#trees.get(projectId)?.path(folderId) ?? [];
    return [project.name, ...folders.map((f) => f.name)].join(' / ');
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
