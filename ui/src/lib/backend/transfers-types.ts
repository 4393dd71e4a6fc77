import type {
  DownloadItem,
  QueuedBatch,
  Transfer,
  TransferEvent,
  UploadCandidate,
  UploadItem,
} from '../api-types';
import type { FileRef } from './ui-types';

/**
 * Files dragged from the system over the window. Positions are in CSS pixels from the window's
 * top-left corner (what `document.elementFromPoint` takes); `paths` are the local paths.
 */
export type FileDropEvent =
  | { readonly type: 'enter'; readonly paths: readonly string[]; readonly x: number; readonly y: number }
  | { readonly type: 'over'; readonly x: number; readonly y: number }
  | { readonly type: 'drop'; readonly paths: readonly string[]; readonly x: number; readonly y: number }
  | { readonly type: 'leave' };

/**
 * What the transfers part of the UI asks of the Rust side (the transfer engine): the queue,
 * the system's file picker, checking and queuing uploads, queuing downloads, controlling one
 * transfer, and the events that keep the list current. One method per Tauri command; calls
 * about a server's folders take the connection last, always. Every
 * method rejects with a `BackendError`.
 */
export interface TransfersBackend {
  /** `list_transfers`: every transfer, in queue order. */
  listTransfers(): Promise<Transfer[]>;
  /**
   * `pick_uploads`: the system's file dialog ("Upload files", or "Upload folders" when
   * `folders`); the chosen local paths, none when cancelled.
   */
  pickUploads(folders: boolean): Promise<string[]>;
  /** `pick_folder`: the system's folder dialog (for the download folder); `null` when cancelled. */
  pickFolder(): Promise<string | null>;
  /** `check_uploads`: one candidate per path, saying whether its name is taken in the folder. */
  checkUploads(projectId: number, folderId: number, paths: readonly string[], connection: string): Promise<UploadCandidate[]>;
  /** `queue_uploads`: folders are recreated inside the target; one batch for them all. */
  queueUploads(projectId: number, folderId: number, items: readonly UploadItem[], connection: string): Promise<QueuedBatch>;
  /**
   * `queue_uploads` with `version_of`: the local file at `path` goes up as the next version of
   * `file` (a file dropped on a file's row), whatever its name. One transfer in a batch of its
   * own; a re-run after the app was closed goes on with the same pending version.
   */
  uploadNewVersion(file: FileRef, path: string, connection: string): Promise<QueuedBatch>;
  /** `queue_downloads`: into the download folder of the settings; name clashes keep both. */
  queueDownloads(projectId: number, items: readonly DownloadItem[], connection: string): Promise<QueuedBatch>;
  /** `pause_transfer`: stops, keeping what was transferred. */
  pauseTransfer(id: string): Promise<void>;
  /** `resume_transfer`: queues a paused transfer again; it goes on from where it stopped. */
  resumeTransfer(id: string): Promise<void>;
  /** `retry_transfer`: queues a failed transfer again, from what was transferred. */
  retryTransfer(id: string): Promise<void>;
  /** `cancel_transfer`: stops for good and removes the unfinished traces. */
  cancelTransfer(id: string): Promise<void>;
  /** `move_transfer`: to `index` in the queue order (0: next to run). */
  moveTransfer(id: string, index: number): Promise<void>;
  /** `clear_finished_transfers`: removes done, skipped and cancelled transfers from the list. */
  clearFinishedTransfers(): Promise<void>;
  /** `reveal_transfer`: shows the local file in the system's file manager. */
  revealTransfer(id: string): Promise<void>;
  /** `open_transfer`: opens a finished download's local file with the system's default app. */
  openTransfer(id: string): Promise<void>;

  /** Calls `listener` with every `transfer-event`; resolves to an unsubscribe. */
  onTransferEvent(listener: (event: TransferEvent) => void): Promise<() => void>;
  /** Calls `listener` on `transfers-resync`: events were lost, list the transfers again. */
  onTransfersResync(listener: () => void): Promise<() => void>;
  /** Calls `listener` as files from the system are dragged over the window and dropped. */
  onFileDrop(listener: (event: FileDropEvent) => void): Promise<() => void>;
}
