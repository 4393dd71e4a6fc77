import type { File, FileUpdate, Folder, ListQuery, Page, Project } from '../api-types';
import { BackendError } from './errors';
import type { FileRef } from './ui-types';

/** The project and folder rows a `MemoryFiles` works beside (owned by `MemoryBackend`). */
export interface MemoryTree {
  readonly projects: Project[];
  readonly folders: Folder[];
  nextId(): number;
}

/**
 * The files of the in-memory backend: a plain store for the tests that need no server (the
 * desktop app's transfer queue, figures no test can upload). It keeps what it is given and
 * checks none of the server's rules (names, clashes, roles): tests of those run against the
 * real server (`ui/src/testing/server.ts`).
 */
export class MemoryFiles {
  readonly #tree: MemoryTree;
  readonly #files = new Map<number, File>();

  constructor(tree: MemoryTree) {
    this.#tree = tree;
  }

  /** Adds a ready file at once (for seeding and tests). */
  add(projectId: number, folderId: number, name: string, fields: Partial<File> = {}): File {
    this.#folder(projectId, folderId);
    const now = new Date().toISOString();
    const id = this.#tree.nextId();
    const file: File = {
      id,
      project_id: projectId,
      folder_id: folderId,
      name,
      content_type: 'application/octet-stream',
      state: 'ready',
      size: 0,
      sha256: null,
      has_poster: false,
      renditions: [],
      stack_id: id,
      version: 1,
      version_count: 1,
      status: 'none',
      status_set_by: null,
      status_set_at: null,
      unseen_comments: 0,
      created_by: null,
      created_at: now,
      updated_at: now,
      ...fields,
    };
    this.#files.set(file.id, file);
    return { ...file };
  }

  /** Every file of a folder, for tests. */
  inFolder(folderId: number): File[] {
    return [...this.#files.values()].filter((f) => f.folder_id === folderId).map((f) => ({ ...f }));
  }

  /** The file called `name` in `folderId`, if there is one. */
  named(folderId: number, name: string): File | undefined {
    const file = [...this.#files.values()].find((f) => f.folder_id === folderId && f.name === name);
    return file ? { ...file } : undefined;
  }

  /** Marks an uploaded file complete with its bytes (the transfers' fake). */
  uploaded(fileId: number, size: number): void {
    const file = this.#files.get(fileId);
    if (file) this.#files.set(fileId, { ...file, state: 'ready', size, updated_at: new Date().toISOString() });
  }

  /** Drops the files of deleted folders. */
  forgetFolders(folderIds: ReadonlySet<number>): void {
    for (const [id, f] of this.#files) if (folderIds.has(f.folder_id)) this.#files.delete(id);
  }

  /** One page of a folder's files by name (the order and filter are the server's business). */
  page(projectId: number, folderId: number, _query: ListQuery, page: number, perPage: number): Page<File> {
    this.#folder(projectId, folderId);
    const all = this.inFolder(folderId).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const start = (Math.max(page, 1) - 1) * perPage;
    return { items: all.slice(start, start + perPage), total: all.length, page, per_page: perPage };
  }

  get(ref: FileRef): File {
    return { ...this.#stored(ref) };
  }

  update(ref: FileRef, update: FileUpdate): File {
    const file = { ...this.#stored(ref), ...update, updated_at: new Date().toISOString() };
    this.#files.set(file.id, file);
    return { ...file };
  }

  delete(ref: FileRef): void {
    this.#stored(ref);
    this.#files.delete(ref.fileId);
  }

  mediaUrl(ref: FileRef): string {
    return `memory://media/${this.#stored(ref).id}`;
  }

  posterUrl(ref: FileRef): string {
    return `memory://media/${this.#stored(ref).id}/poster`;
  }

  #stored({ projectId, folderId, fileId }: FileRef): File {
    const file = this.#files.get(fileId);
    if (!file || file.project_id !== projectId || file.folder_id !== folderId) {
      throw new BackendError('not_found', `File ${fileId} does not exist.`);
    }
    return file;
  }

  #folder(projectId: number, folderId: number): Folder {
    const folder = this.#tree.folders.find((f) => f.id === folderId && f.project_id === projectId);
    if (!folder) throw new BackendError('not_found', `Folder ${folderId} does not exist.`);
    return folder;
  }
}
