import { isTauri } from '@tauri-apps/api/core';

import { webBackend } from './http/web';
import { MemoryBackend } from './memory';
import { tauriBackend } from './tauri';
import type { Backend } from './types';

export type { Backend } from './types';
export type { FileRef, MetadataPatch, UiBackend } from './ui-types';
export type { FileDropEvent, TransfersBackend } from './transfers-types';
export { LIBRARY } from './types';
export type { TusTarget } from './types';
export { BackendError, toBackendError } from './errors';
export { backendContext, getBackend, setBackend } from './context';

/**
 * The backend for this window: the app's Tauri commands inside the app; in a browser, the API
 * of the Rushes server that served the page (the web app, signed in with its session cookie),
 * whose root is where the page's `assets/` are. A page not served by a Rushes server (the Vite
 * dev server) is a preview of the screens on an in-memory library, where nothing is saved,
 * transfers move made-up bytes and the server's own features say they need a server.
 */
export async function chooseBackend(assets: URL): Promise<Backend> {
  if (isTauri()) return tauriBackend;
  const served = await webBackend(new URL('..', assets));
  return served ?? new MemoryBackend({ latencyMs: 150, transferTickMs: 100 });
}
