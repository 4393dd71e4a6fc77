import type { AppError, Transfer } from '../api-types';

/** A transfer's state in words, as the panel shows it. */
export function stateWords(t: Pick<Transfer, 'state' | 'direction' | 'error'>): string {
  const upload = t.direction === 'upload';
  switch (t.state) {
    case 'queued':
      return 'Waiting';
    case 'sending':
      return upload ? 'Uploading' : 'Downloading';
    case 'finalising':
      return 'Finishing';
    case 'verifying':
      return 'Checking';
    case 'done':
      return upload ? 'Uploaded' : 'Downloaded';
    case 'paused':
      return t.error ? 'Paused by the app' : 'Paused';
    case 'failed':
      return 'Failed';
    case 'cancelled':
      return 'Cancelled';
    case 'skipped':
      return 'Skipped: already there';
  }
}

/**
 * Why a transfer stopped, for people: what happened and what to do, then the engine's own
 * words. Nothing transferred so far is lost when it stops; Retry and Resume go on from there.
 */
export function transferProblem(error: AppError, direction: Transfer['direction']): string {
  const detail = `(${error.message})`;
  switch (error.code) {
    case 'offline':
      return `The server could not be reached. Check the network, then Retry; it goes on from where it stopped. ${detail}`;
    case 'unauthenticated':
      return `You are signed out of this server. Sign in again from the sidebar, then Resume. ${detail}`;
    case 'forbidden':
      return `Your role does not allow this here. Ask a manager of the project for a higher role, then Retry. ${detail}`;
    case 'not_found':
      return direction === 'upload'
        ? `The local file or the folder it goes to is not there any more. Put it back and Retry, or Cancel. ${detail}`
        : `The file is not on the server any more, or the download folder is gone. Cancel, or Retry once it is back. ${detail}`;
    case 'disk_full':
      return `The disk is full. Free some space, then Retry; nothing downloaded so far is lost. ${detail}`;
    case 'quota_exceeded':
      return `The server has no room for it within your storage quota or the project’s. Delete files you no longer need (or ask an admin to raise the quota), then Retry. ${detail}`;
    case 'conflict':
      return `The file changed while it was moving, or the server refused its checksum. Retry to send it again. ${detail}`;
    case 'keychain':
      return `The keychain could not be used. Unlock it, then Retry. ${detail}`;
    case 'invalid':
    case 'name_taken':
      return `The server refused it: ${error.message}. Cancel it, or fix that and Retry.`;
    case 'cancelled':
      return `It was stopped. Retry to go on. ${detail}`;
    case 'internal':
      return `Something went wrong: ${error.message}. Retry; if it keeps failing, restart Rushes.`;
  }
}
