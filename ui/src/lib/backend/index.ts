import { isTauri } from '@tauri-apps/api/core';

import { MemoryBackend, seedExample } from './memory';
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
 * browser (a preview), the UI gets an in-memory library instead, where nothing is saved and
 * transfers move made-up bytes; add `?example` to the address to start with a few projects and
 * folders in it.
 */
export function defaultBackend(): Backend {
  if (isTauri()) return tauriBackend;
  const backend = new MemoryBackend({ latencyMs: 150, transferTickMs: 100 });
  if (new URLSearchParams(window.location.search).has('example')) seedExample(backend);
  return backend;
}
