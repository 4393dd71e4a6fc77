import type { Comment, CommentUpdate, File, Metadata, User } from '../api-types';
import { toBackendError, type Backend, type BackendError, type FileRef, type MetadataPatch } from '../backend';
import { IDLE, type Listing, type LoadState } from './listing';

/** Something loaded once: its state, its value when ready, its error when it failed. */
export interface Loaded<T> {
  readonly state: LoadState;
  readonly value: T | null;
  readonly error: BackendError | null;
}

const NOTHING: Loaded<never> = Object.freeze({ state: 'idle', value: null, error: null });

/**
 * One file under review: where to play it from (a signed, expiring URL), its comment threads,
 * its metadata and who is looking (to offer editing their own comments). Every change is sent
 * to the server and the threads are listed again, so the order is always the server's.
 */
export class Review {
  readonly connection: string;
  readonly #backend: Backend;

  file = $state.raw<File>() as File;
  media = $state.raw<Loaded<string>>(NOTHING);
  poster = $state<string | null>(null);
  comments = $state.raw<Listing<Comment>>(IDLE);
  metadata = $state.raw<Loaded<Metadata>>(NOTHING);
  me = $state.raw<User | null>(null);

  constructor(backend: Backend, connection: string, file: File) {
    this.#backend = backend;
    this.connection = connection;
    this.file = file;
  }

  /** The backend's address of the file. */
  get ref(): FileRef {
    return { projectId: this.file.project_id, folderId: this.file.folder_id, fileId: this.file.id };
  }

  /** Loads everything the review screen shows, at once. */
  async start(): Promise<void> {
    await Promise.all([this.loadMedia(), this.loadComments(), this.loadMetadata(), this.#loadMe(), this.#loadPoster()]);
  }

  /** Asks for a fresh signed URL (also after the old one expired). */
  async loadMedia(): Promise<void> {
    this.media = { state: 'loading', value: this.media.value, error: null };
    try {
      this.media = { state: 'ready', value: await this.#backend.mediaUrl(this.ref, this.connection), error: null };
    } catch (reason) {
      this.media = { state: 'error', value: null, error: toBackendError(reason) };
    }
  }

  async loadComments(): Promise<void> {
    this.comments = { state: 'loading', items: this.comments.items, error: null };
    try {
      const items = await this.#backend.listComments(this.ref, this.connection);
      this.comments = { state: 'ready', items, error: null };
    } catch (reason) {
      this.comments = { state: 'error', items: this.comments.items, error: toBackendError(reason) };
    }
  }

  async loadMetadata(): Promise<void> {
    this.metadata = { state: 'loading', value: this.metadata.value, error: null };
    try {
      this.metadata = { state: 'ready', value: await this.#backend.fileMetadata(this.ref, this.connection), error: null };
    } catch (reason) {
      this.metadata = { state: 'error', value: this.metadata.value, error: toBackendError(reason) };
    }
  }

  /** Starts a thread on the whole file (`frame` null), a frame, or `frame..=frameOut`. */
  async addComment(body: string, frame: number | null, frameOut: number | null): Promise<Comment> {
    return this.#change(() =>
      this.#backend.createComment(this.ref, { body, frame, frame_out: frameOut }, this.connection),
    );
  }

  async reply(commentId: number, body: string): Promise<Comment> {
    return this.#change(() => this.#backend.replyToComment(this.ref, commentId, body, this.connection));
  }

  async setResolved(commentId: number, resolved: boolean): Promise<Comment> {
    return this.#update(commentId, { resolved });
  }

  async edit(commentId: number, body: string): Promise<Comment> {
    return this.#update(commentId, { body });
  }

  async remove(commentId: number): Promise<void> {
    await this.#change(() => this.#backend.deleteComment(this.ref, commentId, this.connection));
  }

  /** Sets and removes custom metadata in one request; rejects with a `BackendError`. */
  async patchMetadata(changes: MetadataPatch): Promise<Metadata> {
    let value: Metadata;
    try {
      value = await this.#backend.patchFileMetadata(this.ref, changes, this.connection);
    } catch (reason) {
      throw toBackendError(reason);
    }
    this.metadata = { state: 'ready', value, error: null };
    return value;
  }

  /** Whether the signed-in person wrote `comment` (and so may edit it). */
  isMine(comment: Comment): boolean {
    return this.me !== null && comment.author?.id === this.me.id;
  }

  #update(commentId: number, change: CommentUpdate): Promise<Comment> {
    return this.#change(() => this.#backend.updateComment(this.ref, commentId, change, this.connection));
  }

  async #change<T>(action: () => Promise<T>): Promise<T> {
    let result: T;
    try {
      result = await action();
    } catch (reason) {
      throw toBackendError(reason);
    }
    await this.loadComments();
    return result;
  }

  async #loadMe(): Promise<void> {
    try {
      this.me = await this.#backend.me(this.connection);
    } catch {
      // Without knowing who is looking, comments are simply not offered for editing.
      this.me = null;
    }
  }

  async #loadPoster(): Promise<void> {
    if (!this.file.has_poster) return;
    try {
      this.poster = await this.#backend.posterUrl(this.ref, this.connection);
    } catch {
      this.poster = null;
    }
  }
}
