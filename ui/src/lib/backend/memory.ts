import type {
  Connection,
  Folder,
  LibraryStatus,
  NewConnection,
  NewFolder,
  NewProject,
  Project,
} from '../api-types';
import { descriptionProblem, nameProblem } from '../names';
import { BackendError } from './errors';
import { MemoryConnections } from './memory-connections';
import { LIBRARY, type Backend } from './types';

/** What a `MemoryBackend` starts with. */
export interface MemoryOptions {
  /** What `libraryStatus()` reports. Defaults to a keychain-backed in-memory library. */
  status?: LibraryStatus;
  /** Simulated latency of every call, in milliseconds (0: answer on the next microtask). */
  latencyMs?: number;
}

/** The status a memory backend reports unless told otherwise. */
export const MEMORY_STATUS: LibraryStatus = {
  url: 'memory://library',
  data_dir: 'in memory (nothing is saved)',
  secret_storage: { kind: 'keychain' },
};

/**
 * A backend that keeps everything in memory and validates like the server. Used by the UI's tests
 * and when the UI runs in a plain browser, outside the app.
 */
export class MemoryBackend implements Backend {
  status: LibraryStatus;
  latencyMs: number;
  readonly projects: Project[] = [];
  readonly folders: Folder[] = [];
  /** The servers and their (in-memory) contents. */
  readonly servers = new MemoryConnections(() => new MemoryBackend());
  #nextId = 1;

  constructor(options: MemoryOptions = {}) {
    this.status = options.status ?? MEMORY_STATUS;
    this.latencyMs = options.latencyMs ?? 0;
  }

  async libraryStatus(): Promise<LibraryStatus> {
    await this.#wait();
    return { ...this.status, secret_storage: { ...this.status.secret_storage } };
  }

  async listProjects(connection = LIBRARY): Promise<Project[]> {
    if (connection !== LIBRARY) return this.servers.contents(connection).listProjects();
    await this.#wait();
    return this.projects.map((p) => ({ ...p }));
  }

  async createProject(project: NewProject, connection = LIBRARY): Promise<Project> {
    if (connection !== LIBRARY) return this.servers.contents(connection).createProject(project);
    await this.#wait();
    return { ...this.addProject(project.name, project.description) };
  }

  async listFolders(projectId: number, parentId: number | null, connection = LIBRARY): Promise<Folder[]> {
    if (connection !== LIBRARY) {
      return this.servers.contents(connection).listFolders(projectId, parentId);
    }
    await this.#wait();
    this.#project(projectId);
    if (parentId !== null) this.#folder(projectId, parentId);
    return this.folders
      .filter((f) => f.project_id === projectId && f.parent_id === parentId)
      .map((f) => ({ ...f }));
  }

  async createFolder(projectId: number, folder: NewFolder, connection = LIBRARY): Promise<Folder> {
    if (connection !== LIBRARY) return this.servers.contents(connection).createFolder(projectId, folder);
    await this.#wait();
    return { ...this.addFolder(projectId, folder.parent_id, folder.name) };
  }

  async listConnections(): Promise<Connection[]> {
    await this.#wait();
    const library: Connection = {
      id: LIBRARY,
      label: 'Local library',
      url: this.status.url,
      method: null,
      state: { kind: 'signed_in' },
      user: null,
    };
    return [library, ...this.servers.list()];
  }

  async addConnection(connection: NewConnection): Promise<Connection> {
    await this.#wait();
    return this.servers.add(connection);
  }

  async signIn(id: string): Promise<Connection> {
    await this.#wait();
    return this.servers.signIn(id);
  }

  async cancelSignIn(): Promise<void> {
    this.servers.cancel();
  }

  async signOut(id: string): Promise<Connection> {
    await this.#wait();
    return this.servers.signOut(id);
  }

  async removeConnection(id: string): Promise<void> {
    await this.#wait();
    this.servers.remove(id);
  }

  async onConnectionsChanged(listener: () => void): Promise<() => void> {
    return this.servers.subscribe(listener);
  }

  /** Creates a project at once, validating like `createProject` (for seeding). */
  addProject(name: string, description = ''): Project {
    checkName(name);
    const problem = descriptionProblem(description);
    if (problem) throw new BackendError('invalid', `description: ${problem}`);
    if (this.projects.some((p) => p.name === name)) {
      throw new BackendError('name_taken', `A project named "${name}" already exists.`);
    }
    const now = new Date().toISOString();
    const project: Project = { id: this.#nextId++, name, description, created_at: now, updated_at: now };
    this.projects.push(project);
    return project;
  }

  /** Creates a folder at once, validating like `createFolder` (for seeding). */
  addFolder(projectId: number, parentId: number | null, name: string): Folder {
    this.#project(projectId);
    if (parentId !== null) this.#folder(projectId, parentId);
    checkName(name);
    const taken = this.folders.some(
      (f) => f.project_id === projectId && f.parent_id === parentId && f.name === name,
    );
    if (taken) {
      throw new BackendError('name_taken', `A folder named "${name}" already exists here.`);
    }
    const now = new Date().toISOString();
    const folder: Folder = {
      id: this.#nextId++,
      project_id: projectId,
      parent_id: parentId,
      name,
      created_at: now,
      updated_at: now,
    };
    this.folders.push(folder);
    return folder;
  }

  #project(id: number): Project {
    const project = this.projects.find((p) => p.id === id);
    if (!project) throw new BackendError('not_found', `Project ${id} does not exist.`);
    return project;
  }

  #folder(projectId: number, id: number): Folder {
    const folder = this.folders.find((f) => f.id === id && f.project_id === projectId);
    if (!folder) throw new BackendError('not_found', `Folder ${id} does not exist.`);
    return folder;
  }

  #wait(): Promise<void> {
    if (this.latencyMs <= 0) return Promise.resolve();
    return new Promise((resolve) => setTimeout(resolve, this.latencyMs));
  }
}

function checkName(name: string): void {
  const problem = nameProblem(name);
  if (problem) throw new BackendError('invalid', `name: ${problem}`);
}

/** Fills `backend` with a small example library, for looking at the UI in a browser. */
export function seedExample(backend: MemoryBackend): void {
  const shoot = backend.addProject('Night Shoot', 'Exteriors, 3 nights');
  backend.addProject('Commercial — Spring');
  backend.addProject('Documentary');
  for (const day of ['Day 01', 'Day 02', 'Day 03']) {
    const folder = backend.addFolder(shoot.id, null, day);
    for (const name of ['A-cam', 'B-cam', 'Sound']) backend.addFolder(shoot.id, folder.id, name);
  }
  backend.addFolder(shoot.id, null, 'Selects');
}
