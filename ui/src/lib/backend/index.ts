import { isTauri } from '@tauri-apps/api/core';

import { MemoryBackend } from './memory';
import { tauriBackend } from './tauri';
import type { Backend } from './types';

export type { Backend } from './types';
export type { FileRef, MetadataPatch, UiBackend } from './ui-types';
export type { FileDropEvent, TransfersBackend } from './transfers-types';
export { LIBRARY } from './types';
export { BackendError, toBackendError } from './errors';
export { backendContext, getBackend, setBackend } from './context';

/**
 * The backend for this window: the app's Tauri commands inside the app. Opened in a plain
 * browser (a preview of the screens), the UI gets an in-memory library instead, where nothing
 * is saved, transfers move made-up bytes and the server's own features (review, members,
 * credentials) answer that they need a server.
 */
export function defaultBackend(): Backend {
  if (isTauri()) return tauriBackend;
  return new MemoryBackend({ latencyMs: 150, transferTickMs: 100 });
}
