import type {
  Comment,
  CommentUpdate,
  Connection,
  DownloadItem,
  FileUpdate,
  Folder,
  FolderUpdate,
  ListQuery,
  LibraryStatus,
  NewComment,
  NewConnection,
  NewDevCode,
  NewFolder,
  NewOAuthApp,
  NewProject,
  NewUser,
  OAuthAppUpdate,
  Project,
  ProjectUpdate,
  Role,
  Settings,
  StorageUsage,
  TransferEvent,
  UploadItem,
  User,
} from '../api-types';
import { descriptionProblem, nameProblem } from '../names';
import { BackendError } from './errors';
import { MemoryAccount } from './memory-account';
import { MemoryConnections } from './memory-connections';
import { MemoryFiles, type MemoryTree } from './memory-files';
import { MemoryTransfers } from './memory-transfers';
import { checkSettings, DEFAULT_SETTINGS } from '../settings-rules';
import type { FileDropEvent } from './transfers-types';
import { LIBRARY, type Backend } from './types';
import type { FileRef, MetadataPatch } from './ui-types';

/** What a `MemoryBackend` starts with. */
export interface MemoryOptions {
  /** What `libraryStatus()` reports. Defaults to a keychain-backed in-memory library. */
  status?: LibraryStatus;
  /** Simulated latency of every call, in milliseconds (0: answer on the next microtask). */
  latencyMs?: number;
  /**
   * Moves the transfer queue on by itself every this many milliseconds (the browser preview);
   * 0, the default, leaves it to `transfers.tick()` (tests).
   */
  transferTickMs?: number;
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
  /** Files, comments and metadata. */
  readonly files: MemoryFiles;
  /** People, roles, API keys, OAuth apps and authorizations; the first user is the caller. */
  readonly account: MemoryAccount;
  /** What `myUsage` answers; tests set it. */
  usage: StorageUsage = { used_bytes: 0, limit_bytes: null };
  /** What `projectUsage` answers, by project id (none: the server does not say); tests set it. */
  projectUsages = new Map<number, StorageUsage>();
  /** What `getSettings` answers. */
  settings: Settings = { ...DEFAULT_SETTINGS };
  /** The transfer queue, the fake local files and the drops on the window. */
  readonly transfers: MemoryTransfers;
  #nextId = 1;

  constructor(options: MemoryOptions = {}) {
    this.status = options.status ?? MEMORY_STATUS;
    this.latencyMs = options.latencyMs ?? 0;
    const tree: MemoryTree = {
      projects: this.projects,
      folders: this.folders,
      nextId: () => this.#nextId++,
      me: () => this.#me(),
    };
    this.files = new MemoryFiles(tree);
    this.account = new MemoryAccount(tree);
    this.account.addUser('library@rushes.invalid', 'Local library', true);
    this.transfers = new MemoryTransfers(
      (connection) => (connection === LIBRARY ? this : (this.servers.contents(connection) as MemoryBackend)),
      () => this.settings,
      () => this.#wait(),
      options.transferTickMs ?? 0,
    );
  }

  async libraryStatus(): Promise<LibraryStatus> {
    await this.#wait();
    return { ...this.status, secret_storage: { ...this.status.secret_storage } };
  }

  async listProjects(connection = LIBRARY): Promise<Project[]> {
    if (connection !== LIBRARY) return this.servers.contents(connection).listProjects(LIBRARY);
    await this.#wait();
    return this.projects.map((p) => ({ ...p }));
  }

  async createProject(project: NewProject, connection = LIBRARY): Promise<Project> {
    if (connection !== LIBRARY) return this.servers.contents(connection).createProject(project, LIBRARY);
    await this.#wait();
    return { ...this.addProject(project.name, project.description) };
  }

  async listFolders(projectId: number, parentId: number | null, connection = LIBRARY): Promise<Folder[]> {
    if (connection !== LIBRARY) {
      return this.servers.contents(connection).listFolders(projectId, parentId, LIBRARY);
    }
    await this.#wait();
    this.#project(projectId);
    if (parentId !== null) this.#folder(projectId, parentId);
    return this.folders
      .filter((f) => f.project_id === projectId && f.parent_id === parentId)
      .map((f) => ({ ...f }));
  }

  async createFolder(projectId: number, folder: NewFolder, connection = LIBRARY): Promise<Folder> {
    if (connection !== LIBRARY) return this.servers.contents(connection).createFolder(projectId, folder, LIBRARY);
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

  // The browsing, review, members, account and settings screens (`UiBackend`).

  async updateProject(projectId: number, update: ProjectUpdate, connection = LIBRARY): Promise<Project> {
    const at = await this.#at(connection);
    const project = at.#project(projectId);
    if (update.name !== undefined && update.name !== project.name) {
      checkName(update.name);
      if (at.projects.some((p) => p.name === update.name)) {
        throw new BackendError('name_taken', `A project named "${update.name}" already exists.`);
      }
      project.name = update.name;
    }
    if (update.description !== undefined) project.description = update.description;
    project.updated_at = new Date().toISOString();
    return { ...project };
  }

  async deleteProject(projectId: number, connection = LIBRARY): Promise<void> {
    const at = await this.#at(connection);
    at.#project(projectId);
    const gone = new Set(at.folders.filter((f) => f.project_id === projectId).map((f) => f.id));
    at.files.forgetFolders(gone);
    removeWhere(at.folders, (f) => gone.has(f.id));
    removeWhere(at.projects, (p) => p.id === projectId);
  }

  async updateFolder(projectId: number, folderId: number, update: FolderUpdate, connection = LIBRARY): Promise<Folder> {
    const at = await this.#at(connection);
    const folder = at.#folder(projectId, folderId);
    const parent = update.parent_id === undefined ? folder.parent_id : update.parent_id;
    if (parent !== null) {
      at.#folder(projectId, parent);
      if (at.#below(folderId).has(parent) || parent === folderId) {
        throw new BackendError('invalid', 'parent_id: a folder can’t go inside itself');
      }
    }
    const name = update.name ?? folder.name;
    checkName(name);
    const taken = at.folders.some((f) => f.project_id === projectId && f.parent_id === parent && f.name === name && f.id !== folderId);
    if (taken || (parent !== null && at.files.nameTaken(parent, name))) {
      throw new BackendError('name_taken', `Something named "${name}" already exists there.`);
    }
    folder.name = name;
    folder.parent_id = parent;
    folder.updated_at = new Date().toISOString();
    return { ...folder };
  }

  async deleteFolder(projectId: number, folderId: number, connection = LIBRARY): Promise<void> {
    const at = await this.#at(connection);
    at.#folder(projectId, folderId);
    const gone = at.#below(folderId);
    gone.add(folderId);
    at.files.forgetFolders(gone);
    removeWhere(at.folders, (f) => gone.has(f.id));
  }

  async listFilesPage(projectId: number, folderId: number, query: ListQuery, page: number, perPage: number, connection = LIBRARY) {
    return (await this.#at(connection)).files.page(projectId, folderId, query, page, perPage);
  }

  async getFile(file: FileRef, connection = LIBRARY) {
    return (await this.#at(connection)).files.get(file);
  }

  async updateFile(file: FileRef, update: FileUpdate, connection = LIBRARY) {
    return (await this.#at(connection)).files.update(file, update);
  }

  async deleteFile(file: FileRef, connection = LIBRARY): Promise<void> {
    (await this.#at(connection)).files.delete(file);
  }

  async mediaUrl(file: FileRef, connection = LIBRARY): Promise<string> {
    return (await this.#at(connection)).files.mediaUrl(file);
  }

  async posterUrl(file: FileRef, connection = LIBRARY): Promise<string> {
    return (await this.#at(connection)).files.posterUrl(file);
  }

  async listComments(file: FileRef, connection = LIBRARY): Promise<Comment[]> {
    return (await this.#at(connection)).files.comments(file);
  }

  async createComment(file: FileRef, comment: NewComment, connection = LIBRARY): Promise<Comment> {
    return (await this.#at(connection)).files.comment(file, comment);
  }

  async replyToComment(file: FileRef, commentId: number, body: string, connection = LIBRARY): Promise<Comment> {
    return (await this.#at(connection)).files.reply(file, commentId, body);
  }

  async updateComment(file: FileRef, commentId: number, change: CommentUpdate, connection = LIBRARY): Promise<Comment> {
    return (await this.#at(connection)).files.updateComment(file, commentId, change);
  }

  async deleteComment(file: FileRef, commentId: number, connection = LIBRARY): Promise<void> {
    (await this.#at(connection)).files.deleteComment(file, commentId);
  }

  async fileMetadata(file: FileRef, connection = LIBRARY) {
    return (await this.#at(connection)).files.metadata(file);
  }

  async patchFileMetadata(file: FileRef, changes: MetadataPatch, connection = LIBRARY) {
    return (await this.#at(connection)).files.patchMetadata(file, changes);
  }

  async folderMetadata(projectId: number, folderId: number, connection = LIBRARY) {
    return (await this.#at(connection)).files.folderMetadata(projectId, folderId);
  }

  async patchFolderMetadata(projectId: number, folderId: number, changes: MetadataPatch, connection = LIBRARY) {
    return (await this.#at(connection)).files.patchFolderMetadata(projectId, folderId, changes);
  }

  async projectMembers(projectId: number, connection = LIBRARY) {
    return (await this.#at(connection)).account.projectMembers(projectId);
  }

  async setProjectRole(projectId: number, userId: number, role: Role | null, connection = LIBRARY) {
    return (await this.#at(connection)).account.setProjectRole(projectId, userId, role);
  }

  async folderMembers(projectId: number, folderId: number, connection = LIBRARY) {
    return (await this.#at(connection)).account.folderMembers(projectId, folderId);
  }

  async setFolderRole(projectId: number, folderId: number, userId: number, role: Role | null, connection = LIBRARY) {
    return (await this.#at(connection)).account.setFolderRole(projectId, folderId, userId, role);
  }

  async findUsers(email: string, connection = LIBRARY): Promise<User[]> {
    const at = await this.#at(connection);
    if (!at.#me().is_admin) throw new BackendError('forbidden', 'Only server admins can look people up.');
    return at.account.find(email);
  }

  async createUser(user: NewUser, connection = LIBRARY) {
    const at = await this.#at(connection);
    if (!at.#me().is_admin) throw new BackendError('forbidden', 'Only server admins can add people.');
    return at.account.create(user);
  }

  async me(connection = LIBRARY): Promise<User> {
    return { ...(await this.#at(connection)).#me() };
  }

  async myUsage(connection = LIBRARY): Promise<StorageUsage> {
    return { ...(await this.#at(connection)).usage };
  }

  async projectUsage(projectId: number, connection = LIBRARY): Promise<StorageUsage> {
    const usage = (await this.#at(connection)).projectUsages.get(projectId);
    if (!usage) throw new BackendError('not_found', 'This server does not report project usage.');
    return { ...usage };
  }

  async listApiKeys(connection = LIBRARY) {
    return (await this.#at(connection)).account.listKeys();
  }

  async createApiKey(name: string, connection = LIBRARY) {
    return (await this.#at(connection)).account.createKey(name);
  }

  async deleteApiKey(keyId: number, connection = LIBRARY): Promise<void> {
    (await this.#at(connection)).account.deleteKey(keyId);
  }

  async listOAuthApps(connection = LIBRARY) {
    return (await this.#at(connection)).account.listApps();
  }

  async createOAuthApp(app: NewOAuthApp, connection = LIBRARY) {
    return (await this.#at(connection)).account.createApp(app);
  }

  async updateOAuthApp(appId: number, update: OAuthAppUpdate, connection = LIBRARY) {
    return (await this.#at(connection)).account.updateApp(appId, update);
  }

  async deleteOAuthApp(appId: number, connection = LIBRARY): Promise<void> {
    (await this.#at(connection)).account.deleteApp(appId);
  }

  async rotateOAuthAppSecret(appId: number, connection = LIBRARY) {
    return (await this.#at(connection)).account.rotateSecret(appId);
  }

  async generateOAuthCode(appId: number, request: NewDevCode, connection = LIBRARY) {
    return (await this.#at(connection)).account.generateCode(appId, request);
  }

  async listAuthorizations(connection = LIBRARY) {
    return (await this.#at(connection)).account.authorizations.map((a) => ({ ...a }));
  }

  async revokeAuthorization(authorizationId: number, connection = LIBRARY): Promise<void> {
    (await this.#at(connection)).account.revokeAuthorization(authorizationId);
  }

  async getSettings(): Promise<Settings> {
    await this.#wait();
    return { ...this.settings };
  }

  async setSettings(settings: Settings): Promise<Settings> {
    await this.#wait();
    const problem = checkSettings(settings)[0];
    if (problem) throw new BackendError('invalid', `${problem.field}: ${problem.message}`);
    this.settings = { ...settings };
    return { ...this.settings };
  }

  async checkDownloadFolder(path: string): Promise<void> {
    await this.#wait();
    this.transfers.checkDownloadFolder(path);
  }

  // Transfers (`TransfersBackend`).

  listTransfers() {
    return this.transfers.list();
  }

  pickUploads(folders: boolean) {
    return this.transfers.pick(folders);
  }

  async pickFolder(): Promise<string | null> {
    return this.transfers.pickedFolder;
  }

  checkUploads(projectId: number, folderId: number, paths: readonly string[], connection = LIBRARY) {
    return this.transfers.check(projectId, folderId, paths, connection);
  }

  queueUploads(projectId: number, folderId: number, items: readonly UploadItem[], connection = LIBRARY) {
    return this.transfers.queueUploads(projectId, folderId, items, connection);
  }

  queueDownloads(projectId: number, items: readonly DownloadItem[], connection = LIBRARY) {
    return this.transfers.queueDownloads(projectId, items, connection);
  }

  pauseTransfer(id: string) {
    return this.transfers.pause(id);
  }

  resumeTransfer(id: string) {
    return this.transfers.resume(id);
  }

  retryTransfer(id: string) {
    return this.transfers.resume(id);
  }

  cancelTransfer(id: string) {
    return this.transfers.cancel(id);
  }

  moveTransfer(id: string, index: number) {
    return this.transfers.move(id, index);
  }

  clearFinishedTransfers() {
    return this.transfers.clearFinished();
  }

  revealTransfer(id: string) {
    return this.transfers.reveal(id);
  }

  openTransfer(id: string) {
    return this.transfers.open(id);
  }

  async onTransferEvent(listener: (event: TransferEvent) => void): Promise<() => void> {
    return this.transfers.onEvent(listener);
  }

  async onTransfersResync(listener: () => void): Promise<() => void> {
    return this.transfers.onResync(listener);
  }

  async onFileDrop(listener: (event: FileDropEvent) => void): Promise<() => void> {
    return this.transfers.onDrop(listener);
  }

  /** The backend holding `connection`'s contents, after the simulated latency. */
  async #at(connection: string): Promise<MemoryBackend> {
    if (connection !== LIBRARY) return this.servers.contents(connection) as MemoryBackend;
    await this.#wait();
    return this;
  }

  /** The caller: the first account, a server admin. */
  #me(): User {
    const me = this.account.users[0];
    if (!me) throw new BackendError('unauthenticated', 'Nobody is signed in.');
    return me;
  }

  /** Every folder below `folderId`. */
  #below(folderId: number): Set<number> {
    const found = new Set<number>();
    const queue = [folderId];
    for (let id = queue.pop(); id !== undefined; id = queue.pop()) {
      for (const f of this.folders) {
        if (f.parent_id === id && !found.has(f.id)) {
          found.add(f.id);
          queue.push(f.id);
        }
      }
    }
    return found;
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
    this.account.projectCreated(project.id);
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
    if (taken || (parentId !== null && this.files.nameTaken(parentId, name))) {
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

function removeWhere<T>(items: T[], doomed: (item: T) => boolean): void {
  for (let i = items.length - 1; i >= 0; i--) if (doomed(items[i] as T)) items.splice(i, 1);
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
  const days = ['Day 01', 'Day 02', 'Day 03'].map((day) => {
    const folder = backend.addFolder(shoot.id, null, day);
    for (const name of ['A-cam', 'B-cam', 'Sound']) backend.addFolder(shoot.id, folder.id, name);
    return folder;
  });
  backend.addFolder(shoot.id, null, 'Selects');
  const day = days[0];
  if (!day) return;
  const technical = { framerate: '25/1', fps: 25, width: 3840, height: 2160, video_codec: 'prores', audio_codec: 'pcm_s24le' };
  for (let i = 1; i <= 24; i++) {
    const take = String(i).padStart(3, '0');
    backend.files.add(shoot.id, day.id, `A001_C${take}_0412XY.mov`, {
      content_type: 'video/quicktime',
      size: 800_000_000 + i * 37_000_000,
      technical: { ...technical, duration: 20 + i, frames: (20 + i) * 25, start_timecode: `21:${String(10 + i).padStart(2, '0')}:00:00` },
    });
  }
  backend.files.add(shoot.id, day.id, 'Sound report.pdf', { content_type: 'application/pdf', size: 84_000 });
  backend.files.add(shoot.id, day.id, 'Continuity 01.jpg', { content_type: 'image/jpeg', size: 2_400_000 });
  const ada = backend.account.addUser('ada@example.org', 'Ada Lovelace');
  const grace = backend.account.addUser('grace@example.org', 'Grace Hopper');
  backend.account.setProjectRole(shoot.id, ada.id, 'editor');
  backend.account.setFolderRole(shoot.id, day.id, grace.id, 'commenter');
  backend.account.createApp({ name: 'Ingest bot', redirect_uris: ['https://ingest.example/oauth/callback'], public: false });
  backend.account.createKey('Render farm');
}
