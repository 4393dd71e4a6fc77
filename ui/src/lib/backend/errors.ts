import type { AppError, AppErrorCode } from '../api-types';

/**
 * Every code the Rust side can send. A `Record` over the generated union, so adding a code in
 * Rust without listing it here fails the type check instead of silently becoming "internal".
 */
const KNOWN_CODES: Record<AppErrorCode, true> = {
  invalid: true,
  name_taken: true,
  not_found: true,
  forbidden: true,
  conflict: true,
  unauthenticated: true,
  offline: true,
  keychain: true,
  cancelled: true,
  disk_full: true,
  quota_exceeded: true,
  internal: true,
};

/** A failed backend call: a code the UI branches on and a message for people. */
export class BackendError extends Error {
  readonly code: AppErrorCode;

  constructor(code: AppErrorCode, message: string) {
    super(message);
    this.name = 'BackendError';
    this.code = code;
  }

  /** The `{code, message}` shape that crosses IPC. */
  toJSON(): AppError {
    return { code: this.code, message: this.message };
  }
}

/** True for a code this UI knows. */
export function isAppErrorCode(value: unknown): value is AppErrorCode {
  return typeof value === 'string' && Object.hasOwn(KNOWN_CODES, value);
}

/**
 * Turns whatever a call rejected with into a `BackendError`. Tauri rejects with the serialized
 * `AppError` of a command; anything else (a plain string from the IPC layer, such as a refused
 * permission, or a thrown `Error`) is unexpected and becomes "internal".
 */
export function toBackendError(reason: unknown): BackendError {
  if (reason instanceof BackendError) return reason;
  if (typeof reason === 'object' && reason !== null) {
    const { code, message } = reason as { code?: unknown; message?: unknown };
    if (isAppErrorCode(code) && typeof message === 'string') {
      return new BackendError(code, message);
    }
    if (typeof message === 'string' && message !== '') {
      return new BackendError('internal', message);
    }
  }
  if (typeof reason === 'string' && reason !== '') {
    return new BackendError('internal', reason);
  }
  return new BackendError('internal', 'Something went wrong in the app. Please try again.');
}
