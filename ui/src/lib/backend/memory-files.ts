import type {
  Comment,
  CommentUpdate,
  File,
  FileUpdate,
  Folder,
  ListQuery,
  Metadata,
  NewComment,
  Page,
  Project,
  TechnicalMetadata,
  User,
} from '../api-types';
import { nameProblem } from '../names';
import { BackendError } from './errors';
import type { FileRef, MetadataPatch } from './ui-types';

/** The project and folder rows a `MemoryFiles` works beside (owned by `MemoryBackend`). */
export interface MemoryTree {
  readonly projects: Project[];
  readonly folders: Folder[];
  nextId(): number;
  me(): User;
}

/** Technical fields as the server reports them before a probe ran. */
export const NO_TECHNICAL: TechnicalMetadata = {
  size: null,
  sha256: null,
  duration: null,
  framerate: null,
  fps: null,
  frames: null,
  width: null,
  height: null,
  video_codec: null,
  audio_codec: null,
  start_timecode: null,
};

/** The names the server keeps for technical fields (`RESERVED_KEYS` in Rust). */
const RESERVED = new Set([
  'size',
  'sha256',
  'duration',
  'framerate',
  'fps',
  'frames',
  'width',
  'height',
  'codec',
  'video_codec',
  'audio_codec',
  'start_timecode',
]);

const encoder = new TextEncoder();

/** A file as the memory backend keeps it: the record and what hangs off it. */
interface Stored {
  file: File;
  custom: Record<string, string>;
  technical: TechnicalMetadata;
  comments: Comment[];
  /** What `mediaUrl` answers (tests and previews set it; default a `memory:` URL). */
  media: string;
}

/**
 * Files, comments and metadata for the in-memory backend, validated like the server: names,
 * reserved metadata keys, comment frames, replies one level deep, only authors edit.
 */
export class MemoryFiles {
  readonly #tree: MemoryTree;
  readonly #files = new Map<number, Stored>();
  /** Names in use per folder (file id by name), so checking a name does not scan every file. */
  readonly #names = new Map<number, Map<string, number>>();
  readonly #folderMeta = new Map<number, Record<string, string>>();

  constructor(tree: MemoryTree) {
    this.#tree = tree;
  }

  /** Adds a ready file at once (for seeding and tests). */
  add(projectId: number, folderId: number, name: string, options: Partial<File> & { technical?: Partial<TechnicalMetadata>; media?: string } = {}): File {
    this.#folder(projectId, folderId);
    this.#checkName(folderId, name);
    const now = new Date().toISOString();
    const { technical, media, ...fields } = options;
    const file: File = {
      id: this.#tree.nextId(),
      project_id: projectId,
      folder_id: folderId,
      name,
      content_type: 'application/octet-stream',
      state: 'ready',
      size: 0,
      sha256: null,
      has_poster: false,
      created_by: this.#tree.me().id,
      created_at: now,
      updated_at: now,
      ...fields,
    };
    this.#index(file);
    this.#files.set(file.id, {
      file,
      custom: {},
      technical: { ...NO_TECHNICAL, size: file.size, sha256: file.sha256, ...technical },
      comments: [],
      media: media ?? `memory://media/${file.id}`,
    });
    return { ...file };
  }

  /** Every file of a folder, for tests. */
  inFolder(folderId: number): File[] {
    return [...this.#files.values()].filter((s) => s.file.folder_id === folderId).map((s) => ({ ...s.file }));
  }

  /** Whether a name is used by a file in `folderId` (folders and files share a namespace). */
  nameTaken(folderId: number, name: string, except?: number): boolean {
    const id = this.#names.get(folderId)?.get(name);
    return id !== undefined && id !== except;
  }

  /** The file called `name` in `folderId`, if there is one. */
  named(folderId: number, name: string): File | undefined {
    const id = this.#names.get(folderId)?.get(name);
    const stored = id === undefined ? undefined : this.#files.get(id);
    return stored ? { ...stored.file } : undefined;
  }

  /** Marks an uploaded file complete with its bytes (the transfers' fake). */
  uploaded(fileId: number, size: number): void {
    const stored = this.#files.get(fileId);
    if (!stored) return;
    stored.file = { ...stored.file, state: 'ready', size, updated_at: new Date().toISOString() };
    stored.technical = { ...stored.technical, size };
  }

  /** Drops the files of deleted folders. */
  forgetFolders(folderIds: ReadonlySet<number>): void {
    for (const [id, s] of this.#files) if (folderIds.has(s.file.folder_id)) this.#files.delete(id);
    for (const folderId of folderIds) this.#names.delete(folderId);
  }

  page(projectId: number, folderId: number, query: ListQuery, page: number, perPage: number): Page<File> {
    this.#folder(projectId, folderId);
    const needle = query.name?.toLowerCase();
    const key = query.sort ?? 'name';
    const value = (f: File): string | number =>
      key === 'size' ? (f.size ?? 0) : key === 'name' ? f.name : f[key];
    const all = [...this.#files.values()]
      .map((s) => s.file)
      .filter((f) => f.folder_id === folderId && (!needle || f.name.toLowerCase().includes(needle)))
      .sort((a, b) => {
        const [x, y] = [value(a), value(b)];
        const order = x < y ? -1 : x > y ? 1 : a.id - b.id;
        return query.descending ? -order : order;
      });
    const start = (Math.max(page, 1) - 1) * perPage;
    return { items: all.slice(start, start + perPage).map((f) => ({ ...f })), total: all.length, page, per_page: perPage };
  }

  get(ref: FileRef): File {
    return { ...this.#stored(ref).file };
  }

  update(ref: FileRef, update: FileUpdate): File {
    const stored = this.#stored(ref);
    const target = update.folder_id ?? stored.file.folder_id;
    this.#folder(ref.projectId, target);
    const name = update.name ?? stored.file.name;
    this.#checkName(target, name, stored.file.id);
    this.#unindex(stored.file);
    stored.file = { ...stored.file, name, folder_id: target, updated_at: new Date().toISOString() };
    this.#index(stored.file);
    return { ...stored.file };
  }

  delete(ref: FileRef): void {
    this.#unindex(this.#stored(ref).file);
    this.#files.delete(ref.fileId);
  }

  mediaUrl(ref: FileRef): string {
    const stored = this.#stored(ref);
    if (stored.file.state !== 'ready') {
      throw new BackendError('conflict', 'The upload of this file is not complete yet.');
    }
    return stored.media;
  }

  posterUrl(ref: FileRef): string {
    const stored = this.#stored(ref);
    if (!stored.file.has_poster) throw new BackendError('not_found', 'This file has no poster.');
    return `${stored.media}/poster`;
  }

  comments(ref: FileRef): Comment[] {
    return structuredClone(this.#stored(ref).comments);
  }

  comment(ref: FileRef, input: NewComment): Comment {
    const stored = this.#stored(ref);
    const frame = input.frame ?? null;
    const frameOut = input.frame_out ?? null;
    checkFrames(frame, frameOut, stored.technical.frames);
    const comment = this.#newComment(stored, null, checkBody(input.body), frame, frameOut);
    stored.comments.push(comment);
    stored.comments.sort((a, b) => (a.frame ?? -1) - (b.frame ?? -1) || a.id - b.id);
    return structuredClone(comment);
  }

  reply(ref: FileRef, commentId: number, body: string): Comment {
    const stored = this.#stored(ref);
    const parent = stored.comments.find((c) => c.id === commentId);
    if (!parent) throw new BackendError('not_found', 'That comment does not exist (any more).');
    const reply = this.#newComment(stored, parent.id, checkBody(body), null, null);
    parent.replies.push(reply);
    return structuredClone(reply);
  }

  updateComment(ref: FileRef, commentId: number, change: CommentUpdate): Comment {
    const stored = this.#stored(ref);
    const comment = this.#findComment(stored, commentId);
    const editsContent = change.body !== undefined || change.frame !== undefined || change.frame_out !== undefined;
    if (editsContent && comment.author?.id !== this.#tree.me().id) {
      throw new BackendError('forbidden', 'Only its author can edit a comment.');
    }
    if (change.resolved !== undefined && comment.parent_id !== null) {
      throw new BackendError('invalid', 'resolved: only a thread can be resolved, not a reply');
    }
    if (change.body !== undefined) comment.body = checkBody(change.body);
    if (change.frame !== undefined || change.frame_out !== undefined) {
      const frame = change.frame !== undefined ? change.frame : comment.frame;
      const frameOut = change.frame_out !== undefined ? change.frame_out : comment.frame_out;
      checkFrames(frame, frameOut, stored.technical.frames);
      comment.frame = frame;
      comment.frame_out = frameOut;
    }
    if (change.resolved !== undefined) comment.resolved = change.resolved;
    comment.updated_at = new Date().toISOString();
    return structuredClone(comment);
  }

  deleteComment(ref: FileRef, commentId: number): void {
    const stored = this.#stored(ref);
    this.#findComment(stored, commentId);
    stored.comments = stored.comments
      .filter((c) => c.id !== commentId)
      .map((c) => ({ ...c, replies: c.replies.filter((r) => r.id !== commentId) }));
  }

  metadata(ref: FileRef): Metadata {
    const stored = this.#stored(ref);
    // The server keeps custom fields in a BTreeMap: they come back sorted by key.
    return { custom: sortedByKey(stored.custom), technical: { ...stored.technical } };
  }

  patchMetadata(ref: FileRef, changes: MetadataPatch): Metadata {
    const stored = this.#stored(ref);
    stored.custom = applyPatch(stored.custom, changes);
    return this.metadata(ref);
  }

  folderMetadata(projectId: number, folderId: number): Metadata {
    this.#folder(projectId, folderId);
    return { custom: { ...(this.#folderMeta.get(folderId) ?? {}) }, technical: null };
  }

  patchFolderMetadata(projectId: number, folderId: number, changes: MetadataPatch): Metadata {
    this.#folder(projectId, folderId);
    this.#folderMeta.set(folderId, applyPatch(this.#folderMeta.get(folderId) ?? {}, changes));
    return this.folderMetadata(projectId, folderId);
  }

  #newComment(stored: Stored, parentId: number | null, body: string, frame: number | null, frameOut: number | null): Comment {
    const now = new Date().toISOString();
    const me = this.#tree.me();
    return {
      id: this.#tree.nextId(),
      file_id: stored.file.id,
      parent_id: parentId,
      body,
      frame,
      frame_out: frameOut,
      resolved: false,
      author: { id: me.id, name: me.name, email: me.email },
      created_at: now,
      updated_at: now,
      replies: [],
    };
  }

  #index(file: File): void {
    let names = this.#names.get(file.folder_id);
    if (!names) this.#names.set(file.folder_id, (names = new Map()));
    names.set(file.name, file.id);
  }

  #unindex(file: File): void {
    this.#names.get(file.folder_id)?.delete(file.name);
  }

  #findComment(stored: Stored, id: number): Comment {
    for (const c of stored.comments) {
      if (c.id === id) return c;
      const reply = c.replies.find((r) => r.id === id);
      if (reply) return reply;
    }
    throw new BackendError('not_found', 'That comment does not exist (any more).');
  }

  #stored({ projectId, folderId, fileId }: FileRef): Stored {
    const stored = this.#files.get(fileId);
    if (!stored || stored.file.project_id !== projectId || stored.file.folder_id !== folderId) {
      throw new BackendError('not_found', `File ${fileId} does not exist.`);
    }
    return stored;
  }

  #folder(projectId: number, folderId: number): Folder {
    const folder = this.#tree.folders.find((f) => f.id === folderId && f.project_id === projectId);
    if (!folder) throw new BackendError('not_found', `Folder ${folderId} does not exist.`);
    return folder;
  }

  #checkName(folderId: number, name: string, except?: number): void {
    const problem = nameProblem(name);
    if (problem) throw new BackendError('invalid', `name: ${problem}`);
    const folderTaken = this.#tree.folders.some((f) => f.parent_id === folderId && f.name === name);
    if (folderTaken || this.nameTaken(folderId, name, except)) {
      throw new BackendError('name_taken', `Something named "${name}" already exists here.`);
    }
  }
}

function checkBody(body: string): string {
  const trimmed = body.trim();
  if (trimmed === '') throw new BackendError('invalid', 'body: can’t be blank');
  if (encoder.encode(trimmed).length > 10_000) throw new BackendError('invalid', 'body: is too long');
  return trimmed;
}

function checkFrames(frame: number | null, frameOut: number | null, total: number | null): void {
  if (frame !== null && frame < 0) throw new BackendError('invalid', 'frame: must be 0 or more');
  if (frame !== null && total !== null && frame >= total) {
    throw new BackendError('invalid', `frame: is after the last frame (${total - 1})`);
  }
  if (frame === null && frameOut !== null) throw new BackendError('invalid', 'frame_out: can’t be set without frame');
  if (frame !== null && frameOut !== null && frameOut < frame) {
    throw new BackendError('invalid', 'frame_out: must not be before frame');
  }
}

function sortedByKey(pairs: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(pairs).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function applyPatch(current: Record<string, string>, changes: MetadataPatch): Record<string, string> {
  const next = { ...current };
  for (const [key, value] of Object.entries(changes)) {
    if (key.trim() === '') throw new BackendError('invalid', `${key}: can’t be blank`);
    if (RESERVED.has(key.toLowerCase())) {
      throw new BackendError('invalid', `${key}: is a technical field and read-only`);
    }
    if (encoder.encode(key).length > 128) throw new BackendError('invalid', `${key}: is too long as a key`);
    if (value === null) delete next[key];
    else next[key] = value;
  }
  return next;
}
