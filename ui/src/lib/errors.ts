import type { BackendError } from './backend';
import { nameProblem } from './names';

/** What a name is for, to word its errors. */
export type NameKind = 'project' | 'folder' | 'file';

/**
 * The error to show under a name field, in plain words, or `null` when `error` is not about the
 * name (then it belongs to the whole form).
 */
export function nameFieldError(error: BackendError, name: string, kind: NameKind): string | null {
  switch (error.code) {
    case 'name_taken':
      switch (kind) {
        case 'project':
          return `There is already a project called “${name}”. Choose another name.`;
        case 'folder':
          return `There is already a folder called “${name}” here. Choose another name.`;
        case 'file':
          return `Something called “${name}” is already in this folder. Choose another name.`;
      }
      break;
    case 'invalid':
      // Only blame the name when it breaks a known rule; otherwise the message says what did.
      return nameProblem(name);
    default:
      return null;
  }
}

/**
 * A failure explained for people: what happened and what to do next, then the backend's own
 * words (which name the field or the reason).
 */
export function describeError(error: BackendError): string {
  switch (error.code) {
    case 'offline':
      return `The server could not be reached. Check the network, or that the server is running, then try again. (${error.message})`;
    case 'not_found':
      return `It is not there any more; it may have been moved or deleted by someone else. Go back and look again. (${error.message})`;
    case 'forbidden':
      return `Your role does not allow that here. Ask a manager of the project for a higher role. (${error.message})`;
    case 'conflict':
      return `That is not possible right now. ${error.message}`;
    case 'unauthenticated':
      return `You are signed out of this server. Sign in again from the sidebar. (${error.message})`;
    case 'keychain':
      return `The keychain could not be used. Unlock it (or log in to the desktop again) and retry. (${error.message})`;
    case 'name_taken':
      return `That name is already used here. Choose another. (${error.message})`;
    case 'internal':
      return `Something went wrong: ${sentence(error.message)} If it keeps happening, restart Rushes.`;
    case 'quota_exceeded':
      return `There is no room left within the storage quota. Delete files you no longer need, or ask an admin to raise the quota. (${error.message})`;
    case 'disk_full':
      return `The disk is full. Free some space, then retry; nothing transferred so far is lost. (${error.message})`;
    default:
      return error.message;
  }
}

/** `text` ending like a sentence. */
function sentence(text: string): string {
  return /[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`;
}
