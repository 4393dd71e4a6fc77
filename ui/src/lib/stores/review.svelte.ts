import type { ApprovalStatus, Comment, CommentUpdate, Drawing, File, Metadata, NewComment, RenditionKind, User, Waveform } from '../api-types';
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
 * One file under review — one version of its entry, the newest when opened from a folder:
 * the entry's versions (to switch between and compare), this version's approval status,
 * where to play it from (a signed, expiring URL of the original or of
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
  /** Every version of the file's entry, newest first (pending ones included). */
  versions = $state.raw<Listing<File>>(IDLE);
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
    await Promise.all([this.#loadVersion(), this.#loadMe(), this.loadVersions()]);
  }

  /**
   * What belongs to the version on screen: its media, poster, waveform, metadata and comments —
   * and, once the comments (with what is new in them) are on screen, that it has been seen.
   */
  async #loadVersion(): Promise<void> {
    await Promise.all([
      this.loadMedia(),
      this.loadComments().then(() => this.#markSeen()),
      this.loadMetadata(),
      this.#loadPoster(),
      this.loadWaveform(),
    ]);
  }

  /** Lists the entry's versions again (after one was added or deleted elsewhere). */
  async loadVersions(): Promise<void> {
    this.versions = { state: 'loading', items: this.versions.items, error: null };
    try {
      const items = await this.#backend.listVersions(this.ref, this.connection);
      this.versions = { state: 'ready', items, error: null };
    } catch (reason) {
      this.versions = { state: 'error', items: this.versions.items, error: toBackendError(reason) };
    }
  }

  /**
   * Shows another version of the entry: its own media, comments, metadata and status. Answers
   * about the version left that arrive later are dropped.
   */
  async switchTo(version: File): Promise<void> {
    if (version.id === this.file.id) return;
    this.file = version;
    this.media = NOTHING;
    this.poster = null;
    this.waveform = null;
    this.comments = IDLE;
    this.metadata = NOTHING;
    await this.#loadVersion();
  }

  /** Sets this version's approval status; rejects with a `BackendError`. */
  async setStatus(status: ApprovalStatus): Promise<File> {
    let file: File;
    try {
      file = await this.#backend.setStatus(this.ref, status, this.connection);
    } catch (reason) {
      throw toBackendError(reason);
    }
    if (file.id === this.file.id) this.file = file;
    this.versions = { ...this.versions, items: this.versions.items.map((v) => (v.id === file.id ? file : v)) };
    return file;
  }

  /**
   * Deletes the version on screen (editors) and shows the newest one left; rejects with a
   * `BackendError` (the last version cannot go: that is deleting the file).
   */
  async deleteVersion(): Promise<void> {
    const gone = this.file;
    try {
      await this.#backend.deleteVersion(this.ref, this.connection);
    } catch (reason) {
      throw toBackendError(reason);
    }
    const left = this.versions.items.filter((v) => v.id !== gone.id);
    this.versions = { state: 'ready', items: left, error: null };
    const next = left.find((v) => v.state === 'ready') ?? left[0];
    if (next) await this.switchTo(next);
    await this.loadVersions();
  }

  /**
   * Where to play `version` of the entry from (for comparing): its proxy when the server made
   * one, its original otherwise; `null` while it is being prepared or could not be.
   */
  async playUrl(version: File): Promise<string | null> {
    const kind = playbackOf(version).kind;
    if (kind === 'preparing' || kind === 'failed' || version.state !== 'ready') return null;
    const at = { projectId: version.project_id, folderId: version.folder_id, fileId: version.id };
    try {
      return kind === 'proxy'
        ? await this.#backend.proxyUrl(at, this.connection)
        : await this.#backend.mediaUrl(at, this.connection);
    } catch (reason) {
      throw toBackendError(reason);
    }
  }

  async #markSeen(): Promise<void> {
    if (this.comments.state !== 'ready') return;
    try {
      await this.#backend.markSeen(this.ref, this.connection);
    } catch {
      // Not recorded this time: the comments simply stay new until the next visit.
    }
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
    const id = this.file.id;
    try {
      const url =
        kind === 'proxy'
          ? await this.#backend.proxyUrl(this.ref, this.connection)
          : await this.#backend.mediaUrl(this.ref, this.connection);
      if (id === this.file.id) this.media = { state: 'ready', value: url, error: null };
    } catch (reason) {
      if (id === this.file.id) this.media = { state: 'error', value: null, error: toBackendError(reason) };
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
    // Another version was chosen meanwhile: this answer is about the one left.
    if (file.id === this.file.id) this.#take(file);
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
    const id = this.file.id;
    try {
      const items = await this.#backend.listComments(this.ref, this.connection);
      if (id === this.file.id) this.comments = { state: 'ready', items, error: null };
    } catch (reason) {
      if (id === this.file.id) this.comments = { state: 'error', items: this.comments.items, error: toBackendError(reason) };
    }
  }

  async loadMetadata(): Promise<void> {
    this.metadata = { state: 'loading', value: this.metadata.value, error: null };
    const id = this.file.id;
    try {
      const value = await this.#backend.fileMetadata(this.ref, this.connection);
      if (id === this.file.id) this.metadata = { state: 'ready', value, error: null };
    } catch (reason) {
      if (id === this.file.id) this.metadata = { state: 'error', value: this.metadata.value, error: toBackendError(reason) };
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
