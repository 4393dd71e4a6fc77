import { invoke, type InvokeArgs } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';

import { toBackendError } from './errors';

/** Calls a Tauri command and maps any rejection to a `BackendError`. */
export async function call<T>(command: string, args?: InvokeArgs): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (reason) {
    throw toBackendError(reason);
  }
}

/** Follows an app event; resolves to an unsubscribe, rejects with a `BackendError`. */
export async function subscribe<T>(event: string, listener: (payload: T) => void): Promise<() => void> {
  try {
    return await listen<T>(event, (e) => listener(e.payload));
  } catch (reason) {
    throw toBackendError(reason);
  }
}
