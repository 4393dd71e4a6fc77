import type { DragDropEvent } from '@tauri-apps/api/webview';
import { getCurrentWebview } from '@tauri-apps/api/webview';

import type { QueuedBatch, Transfer, TransferEvent, UploadCandidate } from '../api-types';
import { toBackendError } from './errors';
import { call, subscribe } from './invoke';
import type { FileDropEvent, TransfersBackend } from './transfers-types';
import { LIBRARY } from './types';

/** The event carrying a `TransferEvent` (changed, progress, removed, batch finished). */
export const TRANSFER_EVENT = 'transfer-event';
/** The event saying events were lost: list the transfers again. */
export const TRANSFERS_RESYNC = 'transfers-resync';

/**
 * Tauri's drag and drop payload as the UI's `FileDropEvent`: positions come in physical pixels
 * of the webview and become CSS pixels (divided by the device pixel ratio).
 */
export function toFileDrop(payload: DragDropEvent, ratio: number): FileDropEvent {
  const scale = ratio > 0 ? ratio : 1;
  switch (payload.type) {
    case 'enter':
    case 'drop':
      return { type: payload.type, paths: payload.paths, x: payload.position.x / scale, y: payload.position.y / scale };
    case 'over':
      return { type: 'over', x: payload.position.x / scale, y: payload.position.y / scale };
    default:
      return { type: 'leave' };
  }
}

/** The transfers' commands and events (see `TransfersBackend`). */
export const tauriTransfersBackend: TransfersBackend = {
  listTransfers: () => call<Transfer[]>('list_transfers'),
  pickUploads: (folders) => call<string[]>('pick_uploads', { folders }),
  pickFolder: () => call<string | null>('pick_folder'),
  checkUploads: (projectId, folderId, paths, connection = LIBRARY) =>
    call<UploadCandidate[]>('check_uploads', { connection, projectId, folderId, paths }),
  queueUploads: (projectId, folderId, items, connection = LIBRARY) =>
    call<QueuedBatch>('queue_uploads', { connection, projectId, folderId, items }),
  queueDownloads: (projectId, items, connection = LIBRARY) =>
    call<QueuedBatch>('queue_downloads', { connection, projectId, items }),
  pauseTransfer: (id) => call<void>('pause_transfer', { id }),
  resumeTransfer: (id) => call<void>('resume_transfer', { id }),
  retryTransfer: (id) => call<void>('retry_transfer', { id }),
  cancelTransfer: (id) => call<void>('cancel_transfer', { id }),
  moveTransfer: (id, index) => call<void>('move_transfer', { id, index }),
  clearFinishedTransfers: () => call<void>('clear_finished_transfers'),
  revealTransfer: (id) => call<void>('reveal_transfer', { id }),
  openTransfer: (id) => call<void>('open_transfer', { id }),

  onTransferEvent: (listener) => subscribe<TransferEvent>(TRANSFER_EVENT, listener),
  onTransfersResync: (listener) => subscribe<unknown>(TRANSFERS_RESYNC, () => listener()),
  onFileDrop: async (listener) => {
    try {
      return await getCurrentWebview().onDragDropEvent((event) =>
        listener(toFileDrop(event.payload, window.devicePixelRatio)),
      );
    } catch (reason) {
      throw toBackendError(reason);
    }
  },
};
