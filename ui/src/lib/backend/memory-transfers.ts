import type {
  AppError,
  DownloadItem,
  Folder,
  OnConflict,
  QueuedBatch,
  Settings,
  Transfer,
  TransferEvent,
  TransferState,
  UploadCandidate,
  UploadItem,
} from '../api-types';
import { BackendError } from './errors';
import type { MemoryFiles } from './memory-files';
import type { FileDropEvent } from './transfers-types';

/** Where a connection's folders and files are, for the transfers (a `MemoryBackend`). */
export interface TransferSite {
  readonly folders: Folder[];
  readonly files: MemoryFiles;
  addFolder(projectId: number, parentId: number | null, name: string): Folder;
}

/** A local file's size in bytes, or a local folder's files (path inside it → size). */
export type LocalEntry = number | Readonly<Record<string, number>>;

/** Where downloads go when the settings name no folder. */
export const MEMORY_DOWNLOADS = '/home/you/Downloads';
/** What the file picker answers in the browser preview. */
export const SAMPLE_FILES = [
  '/home/you/Rushes/A002_C001_0413QX.mov',
  '/home/you/Rushes/A002_C002_0413QX.mov',
  '/home/you/Rushes/Sound report 02.pdf',
];
export const SAMPLE_FOLDER = '/home/you/Rushes/Day 04';

/** The most paths one call may hold, as in the app. */
const MAX_ITEMS = 10_000;
const RUNNING: ReadonlySet<TransferState> = new Set(['sending', 'finalising', 'verifying']);
const ENDED: ReadonlySet<TransferState> = new Set(['done', 'failed', 'cancelled', 'skipped']);
const CLEARED: ReadonlySet<TransferState> = new Set(['done', 'skipped', 'cancelled']);

interface Entry {
  t: Transfer;
  /** The upload made the file record (so cancelling removes it). */
  created: boolean;
}

/**
 * The transfer engine for the in-memory backend: a queue that runs `concurrency` transfers at
 * once at `speed` bytes a second each, driven by `tick(ms)` (tests) or a timer (the browser
 * preview), with the app's events. Uploads read a fake file system (`local`) and land in the
 * memory library; downloads are written nowhere but get free local names as in the app.
 */
export class MemoryTransfers {
  /** Bytes a second each running transfer moves. */
  speed = 20_000_000;
  /** What `pickUploads` answers; the sample paths when `null`. */
  picks: string[] | null = null;
  /** What `pickFolder` answers (`null`: the dialog was cancelled). */
  pickedFolder: string | null = null;
  /** The fake local file system; a path not in it is a file of a made-up size. */
  readonly local = new Map<string, LocalEntry>([
    [
      SAMPLE_FOLDER,
      {
        'A-cam/A004_C001_0414RT.mov': 61_000_000,
        'A-cam/A004_C002_0414RT.mov': 48_000_000,
        'Sound/Day 04.wav': 12_000_000,
        '.DS_Store': 6_148,
      },
    ],
  ]);
  /** Local folders that are not there (a drive not connected), as a chosen download folder. */
  readonly missing = new Set<string>();
  /** The transfers `revealTransfer` was asked to show. */
  readonly revealed: string[] = [];
  /** The transfers `openTransfer` was asked to open. */
  readonly opened: string[] = [];

  readonly #site: (connection: string) => TransferSite;
  readonly #settings: () => Settings;
  readonly #wait: () => Promise<void>;
  readonly #tickMs: number;
  readonly #entries: Entry[] = [];
  readonly #events = new Set<(event: TransferEvent) => void>();
  readonly #resyncs = new Set<() => void>();
  readonly #drops = new Set<(event: FileDropEvent) => void>();
  readonly #announced = new Set<string>();
  readonly #localPaths = new Set<string>();
  #timer: ReturnType<typeof setInterval> | null = null;
  #nextId = 1;

  constructor(site: (connection: string) => TransferSite, settings: () => Settings, wait: () => Promise<void>, tickMs = 0) {
    this.#site = site;
    this.#settings = settings;
    this.#wait = wait;
    this.#tickMs = tickMs;
  }

  async list(): Promise<Transfer[]> {
    await this.#wait();
    return this.#entries.map((e) => ({ ...e.t }));
  }

  async pick(folders: boolean): Promise<string[]> {
    await this.#wait();
    return [...(this.picks ?? (folders ? [SAMPLE_FOLDER] : SAMPLE_FILES))];
  }

  async check(projectId: number, folderId: number, paths: readonly string[], connection: string): Promise<UploadCandidate[]> {
    await this.#wait();
    const site = this.#target(connection, projectId, folderId);
    checkCount(paths.length);
    return paths.map((path) => {
      const name = nameOf(path);
      const entry = this.#local(path);
      if (typeof entry === 'number') {
        return { path, name, is_dir: false, size: entry, files: 1, exists: site.files.named(folderId, name) !== undefined };
      }
      const sent = Object.entries(entry).filter(([inside]) => !hidden(inside));
      return {
        path,
        name,
        is_dir: true,
        size: sent.reduce((sum, [, size]) => sum + size, 0),
        files: sent.length,
        exists: site.folders.some((f) => f.project_id === projectId && f.parent_id === folderId && f.name === name),
      };
    });
  }

  async queueUploads(projectId: number, folderId: number, items: readonly UploadItem[], connection: string): Promise<QueuedBatch> {
    await this.#wait();
    const site = this.#target(connection, projectId, folderId);
    checkCount(items.length);
    for (const item of items) nameOf(item.path);
    const queued: QueuedBatch = { batch: this.#newId('b'), transfers: [], folders_created: 0, skipped: 0 };
    const add = (path: string, name: string, folder: number, size: number, onConflict: OnConflict) => {
      const at = { connection, project_id: projectId, folder_id: folder, file_id: null };
      const t = this.#add({ ...at, direction: 'upload', name, local_path: path, size, batch: queued.batch, on_conflict: onConflict });
      queued.transfers.push(t);
    };
    for (const item of items) {
      const entry = this.#local(item.path);
      if (typeof entry === 'number') {
        add(item.path, nameOf(item.path), folderId, entry, item.on_conflict);
        continue;
      }
      // A folder: its tree is made first, merging into folders of the same name.
      const folderOf = (parent: number, name: string) => {
        const found = site.folders.find((f) => f.project_id === projectId && f.parent_id === parent && f.name === name);
        if (found) return found.id;
        queued.folders_created++;
        return site.addFolder(projectId, parent, name).id;
      };
      const top = folderOf(folderId, nameOf(item.path));
      for (const inside of Object.keys(entry).sort()) {
        if (hidden(inside)) {
          queued.skipped++;
          continue;
        }
        const parts = inside.split('/');
        const name = parts.pop() ?? inside;
        const folder = parts.reduce(folderOf, top);
        add(`${item.path}/${inside}`, name, folder, entry[inside] ?? 0, item.on_conflict);
      }
    }
    this.#kick();
    return queued;
  }

  async queueDownloads(projectId: number, items: readonly DownloadItem[], connection: string): Promise<QueuedBatch> {
    await this.#wait();
    const site = this.#site(connection);
    checkCount(items.length);
    const files = items.map((item) => site.files.get({ projectId, folderId: item.folder_id, fileId: item.file_id }));
    const chosen = this.#settings().download_dir;
    // As in the app: a chosen folder that is missing is pointed out, not made.
    if (chosen !== null) this.checkDownloadFolder(chosen);
    const dir = chosen ?? MEMORY_DOWNLOADS;
    const batch = this.#newId('b');
    const transfers = items.map((item, i) => {
      const name = freeName(item.name, (n) => this.#localPaths.has(`${dir}/${n}`));
      this.#localPaths.add(`${dir}/${name}`);
      const at = { connection, project_id: projectId, folder_id: item.folder_id, file_id: item.file_id };
      const size = files[i]?.size ?? null;
      return this.#add({ ...at, direction: 'download', name, local_path: `${dir}/${name}`, size, batch, on_conflict: 'keep_both' });
    });
    this.#kick();
    return { batch, transfers, folders_created: 0, skipped: 0 };
  }

  /** Throws `invalid` as the app does when `path` is a missing folder (in `missing`). */
  checkDownloadFolder(path: string): void {
    if (this.missing.has(path)) {
      throw new BackendError(
        'invalid',
        `The download folder ${path} does not exist (is its drive connected?). Connect it, or choose another in Settings.`,
      );
    }
  }

  async pause(id: string): Promise<void> {
    await this.#wait();
    const entry = this.#find(id);
    if (entry.t.state === 'queued' || RUNNING.has(entry.t.state)) this.#set(entry, { state: 'paused' });
  }

  async resume(id: string): Promise<void> {
    await this.#wait();
    const entry = this.#find(id);
    if (entry.t.state === 'paused' || entry.t.state === 'failed') {
      this.#announced.delete(entry.t.batch);
      this.#set(entry, { state: 'queued', error: null });
      this.#kick();
    }
  }

  async cancel(id: string): Promise<void> {
    await this.#wait();
    const entry = this.#find(id);
    if (CLEARED.has(entry.t.state)) return;
    const { t } = entry;
    if (t.direction === 'upload' && entry.created && t.file_id !== null) {
      try {
        this.#site(t.connection).files.delete({ projectId: t.project_id, folderId: t.folder_id, fileId: t.file_id });
      } catch {
        // Already gone.
      }
    }
    this.#set(entry, { state: 'cancelled', error: null });
  }

  async move(id: string, index: number): Promise<void> {
    await this.#wait();
    const entry = this.#find(id);
    this.#entries.splice(this.#entries.indexOf(entry), 1);
    this.#entries.splice(Math.max(0, Math.min(index, this.#entries.length)), 0, entry);
    this.#emit({ kind: 'changed', transfer: { ...entry.t } });
  }

  async clearFinished(): Promise<void> {
    await this.#wait();
    for (const entry of this.#entries.filter((e) => CLEARED.has(e.t.state))) {
      this.#entries.splice(this.#entries.indexOf(entry), 1);
      this.#emit({ kind: 'removed', id: entry.t.id });
    }
  }

  async reveal(id: string): Promise<void> {
    await this.#wait();
    this.#find(id);
    this.revealed.push(id);
  }

  async open(id: string): Promise<void> {
    await this.#wait();
    this.#find(id);
    this.opened.push(id);
  }

  onEvent(listener: (event: TransferEvent) => void): () => void {
    this.#events.add(listener);
    return () => this.#events.delete(listener);
  }

  onResync(listener: () => void): () => void {
    this.#resyncs.add(listener);
    return () => this.#resyncs.delete(listener);
  }

  onDrop(listener: (event: FileDropEvent) => void): () => void {
    this.#drops.add(listener);
    return () => this.#drops.delete(listener);
  }

  // For tests and the preview.

  /** Moves time on by `ms`: starts queued transfers up to the concurrency, moves the running ones. */
  tick(ms = 100): void {
    const concurrency = Math.max(1, this.#settings().concurrency);
    let running = this.#entries.filter((e) => RUNNING.has(e.t.state)).length;
    for (const entry of this.#entries) {
      if (running >= concurrency) break;
      if (entry.t.state === 'queued' && this.#start(entry)) running++;
    }
    for (const entry of this.#entries) {
      if (entry.t.state !== 'sending') continue;
      const size = entry.t.size ?? 0;
      const done = Math.min(size, entry.t.done + Math.round((this.speed * ms) / 1000));
      if (done >= size) {
        this.#finish(entry);
        continue;
      }
      const eta = Math.ceil((size - done) / this.speed);
      entry.t = { ...entry.t, done, rate: this.speed, eta_secs: eta };
      this.#emit({ kind: 'progress', progress: { id: entry.t.id, done, size, rate: this.speed, eta_secs: eta } });
    }
  }

  /** Ticks until nothing is queued or running (at most `limit` ticks). */
  runAll(limit = 10_000): void {
    for (let i = 0; i < limit && this.#busy(); i++) this.tick(1000);
  }

  /** Fails a transfer with `error`, as the engine does after its retries. */
  fail(id: string, error: AppError): void {
    this.#set(this.#find(id), { state: 'failed', error });
  }

  /** Says events were lost, as the app does when its listener fell behind. */
  resync(): void {
    for (const listener of [...this.#resyncs]) listener();
  }

  /** Files dragged over or dropped on the window, as the system reports them. */
  fileDrop(event: FileDropEvent): void {
    for (const listener of [...this.#drops]) listener(event);
  }

  #add(fields: Omit<Transfer, 'id' | 'state' | 'done' | 'rate' | 'eta_secs' | 'error'>): Transfer {
    const t: Transfer = { id: this.#newId('t'), state: 'queued', done: 0, rate: 0, eta_secs: null, error: null, ...fields };
    this.#entries.push({ t, created: false });
    this.#emit({ kind: 'changed', transfer: { ...t } });
    return { ...t };
  }

  /** Starts a queued transfer; false when it ended at once (skipped, failed). */
  #start(entry: Entry): boolean {
    const { t } = entry;
    if (t.direction === 'download') {
      this.#set(entry, { state: 'sending' });
      return true;
    }
    try {
      const files = this.#site(t.connection).files;
      let name = t.name;
      let fileId: number | null = null;
      const existing = files.named(t.folder_id, name);
      const taken = (n: string) =>
        files.named(t.folder_id, n) !== undefined ||
        this.#site(t.connection).folders.some((f) => f.parent_id === t.folder_id && f.name === n);
      if (taken(name)) {
        if (t.on_conflict === 'skip') {
          this.#set(entry, { state: 'skipped' });
          return false;
        }
        if (t.on_conflict === 'replace' && existing) fileId = existing.id;
        else name = freeName(name, taken);
      }
      if (fileId === null) {
        fileId = files.add(t.project_id, t.folder_id, name, { state: 'pending', size: t.size ?? 0, content_type: contentType(name) }).id;
        entry.created = true;
      }
      this.#set(entry, { state: 'sending', name, file_id: fileId });
      return true;
    } catch (reason) {
      const error = reason instanceof BackendError ? reason.toJSON() : { code: 'internal' as const, message: String(reason) };
      this.#set(entry, { state: 'failed', error });
      return false;
    }
  }

  #finish(entry: Entry): void {
    const { t } = entry;
    const size = t.size ?? 0;
    if (t.direction === 'upload' && t.file_id !== null) {
      try {
        this.#site(t.connection).files.uploaded(t.file_id, size);
      } catch {
        // The folder went away meanwhile; the engine would fail, the fake does not mind.
      }
    }
    this.#set(entry, { state: 'done', done: size });
  }

  /** Changes a transfer, says so, and announces its batch when that was its last one. */
  #set(entry: Entry, change: Partial<Transfer>): void {
    const state = change.state ?? entry.t.state;
    const moving = state === 'sending';
    entry.t = { ...entry.t, ...change, rate: moving ? entry.t.rate : 0, eta_secs: moving ? entry.t.eta_secs : null };
    this.#emit({ kind: 'changed', transfer: { ...entry.t } });
    if (ENDED.has(state)) this.#announce(entry.t.batch);
  }

  #announce(batch: string): void {
    const members = this.#entries.filter((e) => e.t.batch === batch);
    if (this.#announced.has(batch) || !members.every((e) => ENDED.has(e.t.state))) return;
    this.#announced.add(batch);
    const count = (...states: TransferState[]) => members.filter((e) => states.includes(e.t.state)).length;
    this.#emit({ kind: 'batch_finished', batch, done: count('done', 'skipped'), failed: count('failed') });
  }

  #emit(event: TransferEvent): void {
    for (const listener of [...this.#events]) listener(event);
  }

  #busy(): boolean {
    return this.#entries.some((e) => e.t.state === 'queued' || RUNNING.has(e.t.state));
  }

  /** In the preview, a timer moves the queue while something is in it. */
  #kick(): void {
    if (this.#tickMs <= 0 || this.#timer !== null) return;
    this.#timer = setInterval(() => {
      this.tick(this.#tickMs);
      if (!this.#busy() && this.#timer !== null) {
        clearInterval(this.#timer);
        this.#timer = null;
      }
    }, this.#tickMs);
  }

  #find(id: string): Entry {
    const entry = this.#entries.find((e) => e.t.id === id);
    if (!entry) throw new BackendError('not_found', `no transfer ${id}`);
    return entry;
  }

  #target(connection: string, projectId: number, folderId: number): TransferSite {
    const site = this.#site(connection);
    if (!site.folders.some((f) => f.id === folderId && f.project_id === projectId)) {
      throw new BackendError('not_found', `Folder ${folderId} does not exist.`);
    }
    return site;
  }

  #local(path: string): LocalEntry {
    return this.local.get(path) ?? madeUpSize(path);
  }

  #newId(prefix: string): string {
    return `${prefix}${this.#nextId++}`;
  }
}

function checkCount(n: number): void {
  if (n === 0) throw new BackendError('invalid', 'nothing to transfer');
  if (n > MAX_ITEMS) {
    throw new BackendError('invalid', `${n} items at once is more than the ${MAX_ITEMS} a drop may hold; drop their folder instead`);
  }
}

/** The last part of a full local path; rejects a relative one, as the app does. */
function nameOf(path: string): string {
  if (!/^(\/|[A-Za-z]:[\\/])/.test(path)) throw new BackendError('invalid', `${path} is not a full path to a file or folder`);
  const name = path.split(/[\\/]/).filter(Boolean).pop();
  if (!name) throw new BackendError('invalid', `${path} has no name`);
  return name;
}

function hidden(inside: string): boolean {
  return inside.split('/').some((part) => part.startsWith('.'));
}

/** 5 to 50 MB, always the same for a path. */
function madeUpSize(path: string): number {
  let hash = 0;
  for (const char of path) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return 5_000_000 + (hash % 46) * 1_000_000;
}

/** `name`, or the first of "name (2).ext", "name (3).ext"... that is free, as file managers number. */
export function freeName(name: string, taken: (name: string) => boolean): string {
  if (!taken(name)) return name;
  const dot = name.lastIndexOf('.');
  const [base, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  for (let n = 2; ; n++) {
    const candidate = `${base} (${n})${ext}`;
    if (!taken(candidate)) return candidate;
  }
}

function contentType(name: string): string {
  const ext = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
  const types: Record<string, string> = {
    mov: 'video/quicktime',
    mp4: 'video/mp4',
    mxf: 'application/mxf',
    wav: 'audio/wav',
    jpg: 'image/jpeg',
    png: 'image/png',
    pdf: 'application/pdf',
  };
  return types[ext] ?? 'application/octet-stream';
}
