import type { BackendError } from './backend';
import { nameProblem } from './names';

/** What a name is for, to word its errors. */
export type NameKind = 'project' | 'folder';

/**
 * The error to show under a name field, in plain words, or `null` when `error` is not about the
 * name (then it belongs to the whole form).
 */
export function nameFieldError(error: BackendError, name: string, kind: NameKind): string | null {
  switch (error.code) {
    case 'name_taken':
      return kind === 'project'
        ? `There is already a project called “${name}”. Choose another name.`
        : `There is already a folder called “${name}” here. Choose another name.`;
    case 'invalid':
      // Only blame the name when it breaks a known rule; otherwise the message says what did.
      return nameProblem(name);
    default:
      return null;
  }
}

/** A failure explained for people: what happened, then the backend's own words. */
export function describeError(error: BackendError): string {
  switch (error.code) {
    case 'offline':
      return `The library could not be reached. ${error.message}`;
    case 'not_found':
      return `It is not there any more; it may have been moved or deleted. ${error.message}`;
    case 'forbidden':
      return `You are not allowed to do that. ${error.message}`;
    case 'conflict':
      return `That is not possible yet. ${error.message}`;
    case 'unauthenticated':
      return `Please sign in again. ${error.message}`;
    case 'keychain':
      return `The keychain could not be used. ${error.message}`;
    case 'disk_full':
      return `The disk is full. Free some space, then retry; nothing transferred so far is lost. ${error.message}`;
    default:
      return error.message;
  }
}
