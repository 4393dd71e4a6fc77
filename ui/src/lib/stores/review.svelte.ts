import type { Comment, CommentUpdate, Drawing, File, Metadata, NewComment, RenditionKind, User, Waveform } from '../api-types';
import { toBackendError, type Backend, type BackendError, type FileRef, type MetadataPatch } from '../backend';
import { playbackOf, rendition, WATCH_MS, working, type Playback } from '../review/playback';
import { IDLE, type Listing, type LoadState } from './listing';

/** Something loaded once: its state, its value when ready, its error when it failed. */
export interface Loaded<T> {
  readonly state: LoadState;
  readonly value: T | null;
  readonly error: BackendError | null;
}

const NOTHING: Loaded<never> = Object.freeze({ state: 'idle', value: null, error: null });

/**
 * One file under review: where to play it from (a signed, expiring URL of the original or of
 * the proxy the server made), how far the server is in preparing it, its waveform, its comment
 * threads, its metadata and who is looking (to offer editing their own comments). Every change
 * is sent to the server and the threads are listed again, so the order is always the server's.
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
  /** The peaks of the file's sound, once the server has drawn them. */
  waveform = $state.raw<Waveform | null>(null);
  /** What the player plays, or why nothing plays yet. */
  readonly playback: Playback = $derived(playbackOf(this.file));

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
    await Promise.all([
      this.loadMedia(),
      this.loadComments(),
      this.loadMetadata(),
      this.#loadMe(),
      this.#loadPoster(),
      this.loadWaveform(),
    ]);
  }

  /**
   * Asks for a fresh signed URL (also after the old one expired): of the proxy when the server
   * made one, of the original otherwise; none while the proxy is being made or has failed.
   */
  async loadMedia(): Promise<void> {
    const kind = this.playback.kind;
    if (kind === 'preparing' || kind === 'failed') {
      this.media = NOTHING;
      return;
    }
    this.media = { state: 'loading', value: this.media.value, error: null };
    try {
      const url =
        kind === 'proxy'
          ? await this.#backend.proxyUrl(this.ref, this.connection)
          : await this.#backend.mediaUrl(this.ref, this.connection);
      this.media = { state: 'ready', value: url, error: null };
    } catch (reason) {
      this.media = { state: 'error', value: null, error: toBackendError(reason) };
    }
  }

  /** Loads the waveform when the server has one; without one there is simply none to draw. */
  async loadWaveform(): Promise<void> {
    if (rendition(this.file, 'waveform')?.state !== 'ready') return;
    try {
      this.waveform = await this.#backend.waveform(this.ref, this.connection);
    } catch {
      this.waveform = null;
    }
  }

  /**
   * Asks for the file again every `WATCH_MS` while any of its media jobs is under way, and
   * loads what became ready (the proxy to play, the waveform). Returns the function that stops.
   */
  watch(every = WATCH_MS): () => void {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      if (working(this.file)) {
        try {
          await this.refresh();
        } catch {
          // Offline for a moment: the next tick asks again.
        }
      }
      if (!stopped) timer = setTimeout(() => void tick(), every);
    };
    timer = setTimeout(() => void tick(), every);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }

  /** Reads the file again, and loads the media and waveform that became ready since. */
  async refresh(): Promise<void> {
    const file = await this.#backend.getFile(this.ref, this.connection);
    this.#take(file);
  }

  /** Queues a failed media job again (editors); rejects with a `BackendError`. */
  async retry(kind: RenditionKind): Promise<void> {
    let file: File;
    try {
      file = await this.#backend.retryRendition(this.ref, kind, this.connection);
    } catch (reason) {
      throw toBackendError(reason);
    }
    this.#take(file);
  }

  #take(file: File): void {
    const ready = (f: File, kind: RenditionKind) => rendition(f, kind)?.state === 'ready';
    const before = this.playback.kind;
    const was = this.file;
    this.file = file;
    if (this.playback.kind !== before) void this.loadMedia();
    // The probe's technical metadata (frames, rate, start timecode) is what frames and
    // timecode are counted in.
    if (!ready(was, 'probe') && ready(file, 'probe')) void this.loadMetadata();
    if (!ready(was, 'waveform')) void this.loadWaveform();
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
  /** Starts a thread; `drawing` (shapes on its frame) goes with a frame or range comment. */
  async addComment(body: string, frame: number | null, frameOut: number | null, drawing: Drawing | null = null): Promise<Comment> {
    const comment: NewComment = { body, frame, frame_out: frameOut };
    if (drawing) comment.drawing = drawing;
    return this.#change(() => this.#backend.createComment(this.ref, comment, this.connection));
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
