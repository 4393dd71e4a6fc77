import type {
  Activity,
  ApiKey,
  ApprovalStatus,
  Authorization,
  Comment,
  CommentUpdate,
  Connection,
  CreatedApiKey,
  CreatedOAuthApp,
  CreatedReviewLink,
  CreatedUser,
  DevCode,
  DownloadItem,
  ExportFormat,
  File,
  FileUpdate,
  Folder,
  FolderMember,
  FolderUpdate,
  ListQuery,
  LibraryStatus,
  Member,
  Metadata,
  NewComment,
  NewConnection,
  NewDevCode,
  NewFolder,
  NewOAuthApp,
  NewProject,
  NewReviewLink,
  NewUser,
  NewVersion,
  OAuthApp,
  OAuthAppUpdate,
  Page,
  Project,
  ProjectUpdate,
  QueuedBatch,
  RenditionKind,
  ReviewLink,
  Role,
  Settings,
  StorageUsage,
  TransferEvent,
  UploadItem,
  User,
  Waveform,
} from '../api-types';
import { BackendError } from './errors';
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
 * The desktop app's own parts in memory — the local library's status, the connections, the
 * settings, the transfer queue with made-up local files — beside a plain store of projects,
 * folders and files for it to work on. It checks none of the server's rules and refuses what
 * only a server has (comments, metadata, members, credentials): the UI's behaviour tests of
 * those run against a real `rushes-server` (`ui/src/testing/server.ts`), whose HTTP backend
 * takes over the server calls of this one.
 */
export class MemoryBackend implements Backend {
  readonly runsIn = 'app';
  status: LibraryStatus;
  latencyMs: number;
  readonly projects: Project[] = [];
  readonly folders: Folder[] = [];
  /** The servers and their (in-memory) contents. */
  readonly servers = new MemoryConnections(() => new MemoryBackend());
  /** The files of the folders. */
  readonly files: MemoryFiles;
  /** Who `me` answers with: the local library's own account. */
  user: User = {
    id: 1,
    email: 'library@rushes.invalid',
    name: 'Local library',
    is_admin: true,
    active: true,
    created_at: new Date(0).toISOString(),
  };
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
    };
    this.files = new MemoryFiles(tree);
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

  // The browsing and account screens (`UiBackend`): a plain store, no server rules.

  async updateProject(projectId: number, update: ProjectUpdate, connection = LIBRARY): Promise<Project> {
    const at = await this.#at(connection);
    const project = at.#project(projectId);
    Object.assign(project, update, { updated_at: new Date().toISOString() });
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
    Object.assign(folder, update, { updated_at: new Date().toISOString() });
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

  async me(connection = LIBRARY): Promise<User> {
    await this.#at(connection);
    return { ...this.user };
  }

  async myUsage(connection = LIBRARY): Promise<StorageUsage> {
    return { ...(await this.#at(connection)).usage };
  }

  async projectUsage(projectId: number, connection = LIBRARY): Promise<StorageUsage> {
    const usage = (await this.#at(connection)).projectUsages.get(projectId);
    if (!usage) throw new BackendError('not_found', 'This server does not report project usage.');
    return { ...usage };
  }

  // Review, members and the account's credentials are the server's alone: their tests run
  // against a real server (`ui/src/testing/server.ts`), and here they are refused.
  listComments = serverOnly<[FileRef, string?], Comment[]>('comments');
  proxyUrl = serverOnly<[FileRef, string?], string>('proxies');
  waveform = serverOnly<[FileRef, string?], Waveform>('waveforms');
  retryRendition = serverOnly<[FileRef, RenditionKind, string?], File>('media jobs');
  createComment = serverOnly<[FileRef, NewComment, string?], Comment>('comments');
  replyToComment = serverOnly<[FileRef, number, string, string?], Comment>('comments');
  updateComment = serverOnly<[FileRef, number, CommentUpdate, string?], Comment>('comments');
  deleteComment = serverOnly<[FileRef, number, string?], void>('comments');
  exportComments = serverOnly<[FileRef, ExportFormat, string?], string | null>('comment exports');
  fileMetadata = serverOnly<[FileRef, string?], Metadata>('metadata');
  patchFileMetadata = serverOnly<[FileRef, MetadataPatch, string?], Metadata>('metadata');
  listVersions = serverOnly<[FileRef, string?], File[]>('versions');
  createVersion = serverOnly<[FileRef, NewVersion, string?], File>('versions');
  deleteVersion = serverOnly<[FileRef, string?], void>('versions');
  setStatus = serverOnly<[FileRef, ApprovalStatus, string?], File>('approval status');
  projectActivity = serverOnly<[number, number, number, string?], Page<Activity>>('activity');
  markSeen = serverOnly<[FileRef, string?], void>('versions');
  uploadNewVersion = serverOnly<[FileRef, string, string?], QueuedBatch>('versions');
  folderMetadata = serverOnly<[number, number, string?], Metadata>('metadata');
  patchFolderMetadata = serverOnly<[number, number, MetadataPatch, string?], Metadata>('metadata');
  listReviewLinks = serverOnly<[number, string?], ReviewLink[]>('review links');
  createReviewLink = serverOnly<[number, NewReviewLink, string?], CreatedReviewLink>('review links');
  revokeReviewLink = serverOnly<[number, number, string?], void>('review links');
  projectMembers = serverOnly<[number, string?], Member[]>('members');
  setProjectRole = serverOnly<[number, number, Role | null, string?], Member>('members');
  folderMembers = serverOnly<[number, number, string?], FolderMember[]>('members');
  setFolderRole = serverOnly<[number, number, number, Role | null, string?], FolderMember | null>('members');
  findUsers = serverOnly<[string, string?], User[]>('people');
  createUser = serverOnly<[NewUser, string?], CreatedUser>('people');
  listApiKeys = serverOnly<[string?], ApiKey[]>('API keys');
  createApiKey = serverOnly<[string, string?], CreatedApiKey>('API keys');
  deleteApiKey = serverOnly<[number, string?], void>('API keys');
  listOAuthApps = serverOnly<[string?], OAuthApp[]>('OAuth apps');
  createOAuthApp = serverOnly<[NewOAuthApp, string?], CreatedOAuthApp>('OAuth apps');
  updateOAuthApp = serverOnly<[number, OAuthAppUpdate, string?], OAuthApp>('OAuth apps');
  deleteOAuthApp = serverOnly<[number, string?], void>('OAuth apps');
  rotateOAuthAppSecret = serverOnly<[number, string?], CreatedOAuthApp>('OAuth apps');
  generateOAuthCode = serverOnly<[number, NewDevCode, string?], DevCode>('OAuth apps');
  listAuthorizations = serverOnly<[string?], Authorization[]>('authorizations');
  revokeAuthorization = serverOnly<[number, string?], void>('authorizations');

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

  /** Creates a project at once (for seeding). */
  addProject(name: string, description = ''): Project {
    const now = new Date().toISOString();
    const project: Project = { id: this.#nextId++, name, description, created_at: now, updated_at: now };
    this.projects.push(project);
    return project;
  }

  /** Creates a folder at once (for seeding). */
  addFolder(projectId: number, parentId: number | null, name: string): Folder {
    this.#project(projectId);
    if (parentId !== null) this.#folder(projectId, parentId);
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

/** A method of the server's alone, refused by the in-memory backend. */
function serverOnly<A extends unknown[], T>(what: string): (...args: A) => Promise<T> {
  return async () => {
    throw new BackendError('internal', `The in-memory backend has no ${what}: test them against a server.`);
  };
}
