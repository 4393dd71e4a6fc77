import type { DragDropEvent } from '@tauri-apps/api/webview';
import { getCurrentWebview } from '@tauri-apps/api/webview';

import { TRANSFER_EVENT, TRANSFERS_RESYNC, type TransferEvent } from '../api-types';
import { commands } from './commands';
import { toBackendError } from './errors';
import { subscribe } from './invoke';
import type { FileDropEvent, TransfersBackend } from './transfers-types';


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
  listTransfers: () => commands.list_transfers(),
  pickUploads: (folders) => commands.pick_uploads({ folders }),
  pickFolder: () => commands.pick_folder(),
  checkUploads: (projectId, folderId, paths, connection) =>
    commands.check_uploads({ connection, project_id: projectId, folder_id: folderId, paths }),
  queueUploads: (projectId, folderId, items, connection) =>
    commands.queue_uploads({ connection, project_id: projectId, folder_id: folderId, items }),
  uploadNewVersion: (file, path, connection) =>
    commands.queue_uploads({
      connection,
      project_id: file.projectId,
      folder_id: file.folderId,
      items: [{ path, on_conflict: 'new_version', version_of: file.fileId }],
    }),
  queueDownloads: (projectId, items, connection) =>
    commands.queue_downloads({ connection, project_id: projectId, items: [...items] }),
  pauseTransfer: (id) => commands.pause_transfer({ id }),
  resumeTransfer: (id) => commands.resume_transfer({ id }),
  retryTransfer: (id) => commands.retry_transfer({ id }),
  cancelTransfer: (id) => commands.cancel_transfer({ id }),
  moveTransfer: (id, index) => commands.move_transfer({ id, index }),
  clearFinishedTransfers: () => commands.clear_finished_transfers(),
  revealTransfer: (id) => commands.reveal_transfer({ id }),
  openTransfer: (id) => commands.open_transfer({ id }),

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
