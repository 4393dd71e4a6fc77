import { defaultOptions, Upload } from 'tus-js-client';

import type { File as File_, OnConflict } from '../api-types';
import { LIBRARY, toBackendError, type Backend, type TusTarget } from '../backend';
import { describeError } from '../errors';
import type { Picked } from './picked';

/** A folder of a project, where files are uploaded. */
export interface WebUploadTarget {
  readonly projectId: number;
  readonly folderId: number;
  readonly folderName: string;
}

export type WebUploadState = 'queued' | 'sending' | 'paused' | 'done' | 'failed' | 'cancelled' | 'skipped';

/** One file on its way up, as the panel shows it. */
export interface WebUpload {
  readonly id: string;
  readonly name: string;
  /** Where it goes, for people: "Day 01/A-cam". */
  readonly place: string;
  readonly size: number;
  state: WebUploadState;
  sent: number;
  /** Bytes a second, smoothed; 0 until known. */
  rate: number;
  error: string | null;
}

/** How many files go up at once. */
const AT_ONCE = 3;
/** Bytes a tus PATCH carries: a dropped connection loses at most this much. */
const CHUNK = 16 * 1024 * 1024;
/** Waits between automatic retries after a network failure, in milliseconds. */
const RETRY_DELAYS = [0, 1_000, 3_000, 5_000, 10_000, 20_000];

interface Job {
  readonly view: WebUpload;
  readonly file: File;
  readonly projectId: number;
  readonly folderId: number;
  /** The server's name for it (a kept-both copy's differs from the file's). */
  readonly name: string;
  /** Replacing: the file whose bytes these become. */
  readonly replaces: number | null;
  /** A new version of this file (any version of its entry): made on the server when it starts. */
  readonly versionOf: File_ | null;
  upload: Upload | null;
  lastSample: { at: number; sent: number } | null;
}

/**
 * The browser app's uploads: tus through tus-js-client (the protocol's own client, which the
 * server is tested against), a few files at a time, each resumable — after a dropped network
 * by itself, after a reload when the same file is given again (its upload URL is kept in this
 * browser's storage under the file and the folder it goes to). Folders given are made on the
 * server as they were on disk; a name already in the folder is kept both, replaced, added as a
 * new version of the file there, or skipped as the person answers, as in the desktop app.
 */
export class WebUploads {
  readonly items: WebUpload[] = $state([]);
  readonly #backend: Backend;
  readonly #tus: TusTarget;
  readonly #onfolder: (projectId: number, folderId: number) => void;
  readonly #jobs = new Map<string, Job>();
  /** Folders made or found on the server: `${projectId}/${parentId}/${name}` → id. */
  readonly #folders = new Map<string, number>();

  /** `onfolder` is told when files arrived in a folder (to list it again). */
  constructor(backend: Backend, tus: TusTarget, onfolder: (projectId: number, folderId: number) => void) {
    this.#backend = backend;
    this.#tus = tus;
    this.#onfolder = onfolder;
  }

  /**
   * The files among `picked` whose names are already used where they would go — except this
   * browser's own unfinished upload of the same file, which is not a clash but goes on.
   */
  async clashes(target: WebUploadTarget, picked: readonly Picked[]): Promise<Picked[]> {
    const out: Picked[] = [];
    for (const p of picked) {
      const folderId = await this.#existingFolder(target, p.folders);
      if (folderId === null) continue;
      const taken = await this.#fileNamed(target.projectId, folderId, p.file.name);
      if (taken !== null && !(await this.#ours(taken, target.projectId, folderId, p.file))) out.push(p);
    }
    return out;
  }

  /** Queues `picked` into `target`; a file whose name is taken follows `answer(file)`. */
  async add(target: WebUploadTarget, picked: readonly Picked[], answer: (p: Picked) => OnConflict): Promise<void> {
    for (const p of picked) {
      const folderId = await this.#folder(target, p.folders);
      const place = [target.folderName, ...p.folders].join('/');
      const taken = await this.#fileNamed(target.projectId, folderId, p.file.name);
      const view: WebUpload = {
        id: crypto.randomUUID(),
        name: p.file.name,
        place,
        size: p.file.size,
        state: 'queued',
        sent: 0,
        rate: 0,
        error: null,
      };
      let name = p.file.name;
      let replaces: number | null = null;
      let versionOf: File_ | null = null;
      if (taken !== null && !(await this.#ours(taken, target.projectId, folderId, p.file))) {
        const onConflict = answer(p);
        if (onConflict === 'skip') view.state = 'skipped';
        else if (onConflict === 'replace') replaces = taken.id;
        else if (onConflict === 'new_version') versionOf = taken;
        else name = await this.#freeName(target.projectId, folderId, p.file.name);
      }
      this.#queue(view, { file: p.file, projectId: target.projectId, folderId, name, replaces, versionOf });
    }
    this.#pump();
  }

  /**
   * Uploads `file` as the next version of `of` (a file dropped onto a file of the folder view):
   * the entry keeps its name, and the new version shows once all of it has arrived.
   */
  addVersion(of: File_, file: File, folderName: string): void {
    const view: WebUpload = {
      id: crypto.randomUUID(),
      name: `${of.name} (new version)`,
      place: folderName,
      size: file.size,
      state: 'queued',
      sent: 0,
      rate: 0,
      error: null,
    };
    this.#queue(view, { file, projectId: of.project_id, folderId: of.folder_id, name: of.name, replaces: null, versionOf: of });
    this.#pump();
  }

  #queue(view: WebUpload, job: Omit<Job, 'view' | 'upload' | 'lastSample'>): void {
    this.items.push(view);
    const live = this.items[this.items.length - 1] ?? view;
    this.#jobs.set(view.id, { ...job, view: live, upload: null, lastSample: null });
  }

  pause(id: string): void {
    const job = this.#jobs.get(id);
    if (!job || job.view.state !== 'sending' && job.view.state !== 'queued') return;
    job.view.state = 'paused';
    job.view.rate = 0;
    void job.upload?.abort(false);
    this.#pump();
  }

  resume(id: string): void {
    const job = this.#jobs.get(id);
    if (!job || (job.view.state !== 'paused' && job.view.state !== 'failed')) return;
    job.view.state = 'queued';
    job.view.error = null;
    this.#pump();
  }

  /** Stops for good; the server forgets what it had of it. */
  cancel(id: string): void {
    const job = this.#jobs.get(id);
    if (!job || job.view.state === 'done' || job.view.state === 'skipped') return;
    job.view.state = 'cancelled';
    job.view.rate = 0;
    void job.upload?.abort(true).catch(() => {});
    this.#pump();
  }

  /** Removes finished, skipped and cancelled uploads from the list. */
  clearFinished(): void {
    for (let i = this.items.length - 1; i >= 0; i--) {
      const item = this.items[i];
      if (item && ['done', 'skipped', 'cancelled'].includes(item.state)) {
        this.#jobs.delete(item.id);
        this.items.splice(i, 1);
      }
    }
  }

  /** Starts queued uploads while fewer than `AT_ONCE` are sending. */
  #pump(): void {
    let sending = [...this.#jobs.values()].filter((j) => j.view.state === 'sending').length;
    for (const job of this.#jobs.values()) {
      if (sending >= AT_ONCE) return;
      if (job.view.state !== 'queued') continue;
      job.view.state = 'sending';
      sending++;
      void this.#start(job);
    }
  }

  async #start(job: Job): Promise<void> {
    const metadata: Record<string, string> =
      job.replaces === null
        ? { folder_id: String(job.folderId), filename: job.name, filetype: job.file.type || 'application/octet-stream' }
        : { file_id: String(job.replaces), filename: job.name };
    const upload = new Upload(job.file, {
      endpoint: this.#tus.endpoint,
      headers: this.#tus.headers(),
      metadata,
      chunkSize: CHUNK,
      retryDelays: RETRY_DELAYS,
      // The same file into the same place resumes; into another folder it is another upload.
      fingerprint: async (file: File) => this.#fingerprint(job.projectId, job.folderId, job.name, this.#over(job), file),
      storeFingerprintForResuming: true,
      removeFingerprintOnSuccess: true,
      onProgress: (sent) => this.#progress(job, sent),
      onSuccess: () => {
        job.view.state = 'done';
        job.view.sent = job.view.size;
        job.view.rate = 0;
        this.#onfolder(job.projectId, job.folderId);
        this.#pump();
      },
      onError: (error) => {
        if (job.view.state !== 'sending') return;
        job.view.state = 'failed';
        job.view.rate = 0;
        job.view.error = error.message;
        this.#pump();
      },
    });
    job.upload = upload;
    let resumed = false;
    try {
      const previous = await upload.findPreviousUploads();
      const latest = previous.sort((a, b) => b.creationTime.localeCompare(a.creationTime))[0];
      if (latest) {
        upload.resumeFromPreviousUpload(latest);
        resumed = true;
      }
    } catch {
      // No storage in this browser (a private window): the upload starts afresh.
    }
    if (job.versionOf && !resumed) {
      // The version's record is made now, not when queued: an upload resumed after a reload
      // goes on into the version it started, instead of making another.
      try {
        const version = await this.#backend.createVersion(
          { projectId: job.projectId, folderId: job.folderId, fileId: job.versionOf.id },
          { size: job.file.size, content_type: job.file.type || null },
          LIBRARY,
        );
        upload.options.metadata = { file_id: String(version.id), expect_pending: '', filename: job.name };
      } catch (reason) {
        job.view.state = 'failed';
        job.view.error = describeError(toBackendError(reason));
        this.#pump();
        return;
      }
    }
    if (job.view.state === 'sending') upload.start();
  }

  /** What a job's bytes go over: the file it replaces, or the entry it adds a version to. */
  #over(job: Job): string | null {
    if (job.replaces !== null) return String(job.replaces);
    return job.versionOf ? `version-of-${job.versionOf.stack_id}` : null;
  }

  #progress(job: Job, sent: number): void {
    const now = performance.now();
    const last = job.lastSample;
    if (last && now > last.at) {
      const instant = ((sent - last.sent) * 1000) / (now - last.at);
      job.view.rate = job.view.rate === 0 ? instant : job.view.rate * 0.8 + instant * 0.2;
    }
    job.lastSample = { at: now, sent };
    job.view.sent = sent;
  }

  /** What this browser keeps an unfinished upload under: the file, and where it goes. */
  #fingerprint(projectId: number, folderId: number, name: string, over: string | null, file: File): string {
    return ['rushes', this.#tus.endpoint, projectId, folderId, name, over ?? '', file.size, file.lastModified].join(':');
  }

  /** Whether `taken` is the pending record of this browser's own unfinished upload of `file`. */
  async #ours(taken: File_, projectId: number, folderId: number, file: File): Promise<boolean> {
    if (taken.state !== 'pending') return false;
    try {
      const stored = await defaultOptions.urlStorage.findUploadsByFingerprint(
        this.#fingerprint(projectId, folderId, file.name, null, file),
      );
      return stored.length > 0;
    } catch {
      return false;
    }
  }

  /** The folder at `path` below the target, made where missing. */
  async #folder(target: WebUploadTarget, path: readonly string[]): Promise<number> {
    let parent = target.folderId;
    for (const name of path) {
      const key = `${target.projectId}/${parent}/${name}`;
      let id = this.#folders.get(key) ?? (await this.#childNamed(target.projectId, parent, name));
      if (id === null) {
        try {
          id = (await this.#backend.createFolder(target.projectId, { name, parent_id: parent }, LIBRARY)).id;
          // The folder shows where it was made, before any file arrives in it.
          this.#onfolder(target.projectId, parent);
        } catch (reason) {
          // Made meanwhile by another upload of the same drop: use it.
          id = await this.#childNamed(target.projectId, parent, name);
          if (id === null) throw new Error(describeError(toBackendError(reason)));
        }
      }
      this.#folders.set(key, id);
      parent = id;
    }
    return parent;
  }

  /** The folder at `path` below the target when it exists, without making it. */
  async #existingFolder(target: WebUploadTarget, path: readonly string[]): Promise<number | null> {
    let parent = target.folderId;
    for (const name of path) {
      const id = this.#folders.get(`${target.projectId}/${parent}/${name}`) ?? (await this.#childNamed(target.projectId, parent, name));
      if (id === null) return null;
      parent = id;
    }
    return parent;
  }

  async #childNamed(projectId: number, parentId: number, name: string): Promise<number | null> {
    const folders = await this.#backend.listFolders(projectId, parentId, LIBRARY);
    return folders.find((f) => f.name === name)?.id ?? null;
  }

  async #fileNamed(projectId: number, folderId: number, name: string): Promise<File_ | null> {
    const page = await this.#backend.listFilesPage(projectId, folderId, { name, descending: false }, 1, 500, LIBRARY);
    return page.items.find((f) => f.name === name) ?? null;
  }

  /** `name` made free in the folder as the app does it: "A001 (2).mov", "A001 (3).mov"… */
  async #freeName(projectId: number, folderId: number, name: string): Promise<string> {
    const dot = name.lastIndexOf('.');
    const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
    const page = await this.#backend.listFilesPage(projectId, folderId, { name: stem, descending: false }, 1, 500, LIBRARY);
    const folders = await this.#backend.listFolders(projectId, folderId, LIBRARY);
    const used = new Set([...page.items.map((f) => f.name), ...folders.map((f) => f.name)]);
    for (let n = 2; ; n++) {
      const candidate = `${stem} (${n})${ext}`;
      if (!used.has(candidate)) return candidate;
    }
  }
}
