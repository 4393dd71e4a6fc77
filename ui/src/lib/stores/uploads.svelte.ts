import type { OnConflict, QueuedBatch, TransferEvent, UploadCandidate, UploadItem } from '../api-types';
import { toBackendError, type Backend } from '../backend';
import { describeError } from '../errors';
import type { Transfers } from './transfers.svelte';

/** The remote folder an upload goes into. */
export interface UploadTarget {
  readonly connection: string;
  readonly projectId: number;
  readonly folderId: number;
  /** Its name, to say where things go. */
  readonly folderName: string;
  /** A file of the folder the upload becomes the next version of (a file dropped on its row). */
  readonly versionOf?: { readonly fileId: number; readonly name: string };
}

/** A dropped or picked name that is already taken in the target: what the clash dialog asks. */
export interface Clash {
  readonly name: string;
  readonly isDir: boolean;
  /** The target folder's name. */
  readonly where: string;
  /** Clashes after this one, which "Apply to all" answers too. */
  readonly more: number;
}

type BatchFinished = Extract<TransferEvent, { kind: 'batch_finished' }>;
type Answer = { readonly choice: OnConflict; readonly all: boolean } | null;

/** Batches that finished before their queuing call answered, remembered this long. */
const EARLY_LIMIT = 100;

/**
 * Uploading dropped or picked files and folders into a folder: checks the names against the
 * folder, asks about each clash (`clash`, answered with `answer` or `cancel`), queues one
 * batch, and lists the folder again when it is queued and when it has finished. Drops and
 * picks are handled one after another; what happened is said in the transfers' notice.
 */
export class Uploads {
  readonly #backend: Backend;
  readonly #transfers: Transfers;
  readonly #refresh: (target: UploadTarget) => void;
  readonly #batches = new Map<string, UploadTarget>();
  readonly #early = new Map<string, BatchFinished>();
  #answer: ((answer: Answer) => void) | null = null;
  #queue: Promise<unknown> = Promise.resolve();

  /** The clash waiting for an answer, if any. */
  clash = $state.raw<Clash | null>(null);
  /** Checking names or queuing. */
  busy = $state(false);

  /** `refresh` lists a folder again (its files and subfolders) wherever it is shown. */
  constructor(backend: Backend, transfers: Transfers, refresh: (target: UploadTarget) => void) {
    this.#backend = backend;
    this.#transfers = transfers;
    this.#refresh = refresh;
    transfers.onBatchFinished((event) => this.#finished(event));
  }

  /** Lets the person choose files (or folders) in the system's dialog, then uploads them. */
  async pick(target: UploadTarget, folders: boolean): Promise<QueuedBatch | null> {
    let paths: string[];
    try {
      paths = await this.#backend.pickUploads(folders);
    } catch (reason) {
      this.#transfers.say('error', `Couldn’t open the file dialog. ${describeError(toBackendError(reason))}`);
      return null;
    }
    return this.upload(target, paths);
  }

  /** Uploads local `paths` into `target` after the drops and picks before it. */
  upload(target: UploadTarget, paths: readonly string[]): Promise<QueuedBatch | null> {
    const run = this.#queue.then(() => this.#run(target, paths));
    this.#queue = run.catch(() => null);
    return run;
  }

  /** Answers the clash on screen; `all` answers the clashes after it the same way. */
  answer(choice: OnConflict, all = false): void {
    this.#answer?.({ choice, all });
  }

  /** Drops the whole upload: nothing of it is queued. */
  cancel(): void {
    this.#answer?.(null);
  }

  async #run(target: UploadTarget, paths: readonly string[]): Promise<QueuedBatch | null> {
    if (paths.length === 0) return null;
    if (target.versionOf) return this.#runVersion(target, target.versionOf, paths);
    this.busy = true;
    try {
      const candidates = await this.#backend.checkUploads(target.projectId, target.folderId, paths, target.connection);
      const items = await this.#decide(candidates, target.folderName);
      if (items === null) {
        this.#transfers.say('info', 'Upload cancelled: nothing was sent.');
        return null;
      }
      if (items.length === 0) {
        this.#transfers.say('info', `Nothing to upload: everything was already in ${target.folderName} and skipped.`);
        return null;
      }
      const batch = await this.#backend.queueUploads(target.projectId, target.folderId, items, target.connection);
      this.#batches.set(batch.batch, target);
      this.#transfers.say('info', queuedText(batch, target.folderName));
      this.#refresh(target);
      const early = this.#early.get(batch.batch);
      if (early) this.#finished(early);
      return batch;
    } catch (reason) {
      this.#transfers.say('error', `Couldn’t upload to ${target.folderName}. ${describeError(toBackendError(reason))}`);
      return null;
    } finally {
      this.clash = null;
      this.#answer = null;
      this.busy = false;
    }
  }

  /**
   * One local file as the next version of a file of the folder, whatever its name. More than
   * one file, or a folder, is not a version: nothing is queued and the notice says how.
   */
  async #runVersion(
    target: UploadTarget,
    of: { readonly fileId: number; readonly name: string },
    paths: readonly string[],
  ): Promise<QueuedBatch | null> {
    const refuse = () => {
      this.#transfers.say('info', `Nothing was uploaded: drop one file on ${of.name} to add it as a new version, or drop onto the folder.`);
      return null;
    };
    const [path] = paths;
    if (paths.length !== 1 || path === undefined) return refuse();
    this.busy = true;
    try {
      const [candidate] = await this.#backend.checkUploads(target.projectId, target.folderId, [path], target.connection);
      if (!candidate || candidate.is_dir) return refuse();
      const file = { projectId: target.projectId, folderId: target.folderId, fileId: of.fileId };
      const batch = await this.#backend.uploadNewVersion(file, path, target.connection);
      this.#batches.set(batch.batch, target);
      this.#transfers.say('info', `Uploading ${candidate.name} as a new version of ${of.name}.`);
      this.#refresh(target);
      const early = this.#early.get(batch.batch);
      if (early) this.#finished(early);
      return batch;
    } catch (reason) {
      this.#transfers.say('error', `Couldn’t add a version of ${of.name}. ${describeError(toBackendError(reason))}`);
      return null;
    } finally {
      this.busy = false;
    }
  }

  /** What to queue: every candidate, clashes as answered (skipped ones left out); `null` to cancel. */
  async #decide(candidates: readonly UploadCandidate[], where: string): Promise<UploadItem[] | null> {
    let more = candidates.filter((c) => c.exists).length;
    let forAll: OnConflict | null = null;
    const items: UploadItem[] = [];
    for (const candidate of candidates) {
      // Nothing is there yet: keeping both is the rule that never loses anything.
      let choice: OnConflict = 'keep_both';
      if (candidate.exists) {
        more--;
        if (forAll) {
          choice = forAll;
        } else {
          const answer = await this.#ask({ name: candidate.name, isDir: candidate.is_dir, where, more });
          if (answer === null) return null;
          choice = answer.choice;
          if (answer.all) forAll = answer.choice;
        }
      }
      if (choice !== 'skip') items.push({ path: candidate.path, on_conflict: choice });
    }
    return items;
  }

  #ask(clash: Clash): Promise<Answer> {
    return new Promise((resolve) => {
      this.clash = clash;
      this.#answer = (answer) => {
        this.clash = null;
        this.#answer = null;
        resolve(answer);
      };
    });
  }

  #finished(event: BatchFinished): void {
    const target = this.#batches.get(event.batch);
    if (!target) {
      // Perhaps ours, finished before queuing answered: keep it a while.
      this.#early.set(event.batch, event);
      const oldest = this.#early.keys().next().value;
      if (this.#early.size > EARLY_LIMIT && oldest !== undefined) this.#early.delete(oldest);
      return;
    }
    this.#batches.delete(event.batch);
    this.#early.delete(event.batch);
    this.#refresh(target);
    const where = target.folderName;
    if (event.failed > 0) {
      const all = event.done + event.failed;
      this.#transfers.say('error', `${event.done} of ${files(all)} uploaded to ${where}; ${event.failed} failed — see Transfers for why.`);
    } else {
      this.#transfers.say('info', `Uploaded ${files(event.done)} to ${where}.`);
    }
  }
}

function files(n: number): string {
  return n === 1 ? '1 file' : `${n} files`;
}

/** "Uploading A001.mov to Day 01." / "Uploading 12 files to Day 01." */
function queuedText(batch: QueuedBatch, where: string): string {
  const n = batch.transfers.length;
  const what = n === 1 ? (batch.transfers[0]?.name ?? '1 file') : files(n);
  let text = n === 0 ? `Made the folders in ${where}; they hold no files to upload.` : `Uploading ${what} to ${where}.`;
  if (batch.skipped > 0) {
    text += ` ${batch.skipped === 1 ? '1 hidden file or link was' : `${batch.skipped} hidden files or links were`} left out.`;
  }
  return text;
}
