import { isTauri } from '@tauri-apps/api/core';

import { guestBackend } from './http/guest';
import { webBackend } from './http/web';
import { MemoryBackend } from './memory';
import { tauriBackend } from './tauri';
import type { GuestSession } from '../api-types';
import type { Backend } from './types';

export type { Backend } from './types';
export type { FileRef, MetadataPatch, UiBackend } from './ui-types';
export type { FileDropEvent, TransfersBackend } from './transfers-types';
export { LIBRARY } from './types';
export type { TusTarget } from './types';
export { BackendError, toBackendError } from './errors';
export { backendContext, getBackend, setBackend } from './context';

/** How the page starts: the app on a backend, or the door of a review link first. */
export type Start =
  | { readonly kind: 'app'; readonly backend: Backend }
  | { readonly kind: 'guest-gate'; readonly root: URL; readonly token: string };

/** Which review link this tab entered, so a second link in the same browser asks again. */
const GUEST_TOKEN_KEY = 'rushes.guest.token';

/**
 * How this window starts: the app's Tauri commands inside the app. In a browser, the page
 * belongs to the Rushes server that served it, whose root is where the page's `assets/` are:
 * at `/r/<token>` a guest of a review link (its door first, unless this tab already entered
 * it); elsewhere the web app, signed in with its session cookie. A page not served by a Rushes
 * server (the Vite dev server) is a preview of the screens on an in-memory library, where
 * nothing is saved, transfers move made-up bytes and the server's own features say they need
 * a server.
 */
export async function chooseStart(assets: URL): Promise<Start> {
  if (isTauri()) return { kind: 'app', backend: tauriBackend };
  const root = new URL('..', assets);
  const token = reviewToken(root);
  if (token !== null) {
    const session = await currentGuest(root);
    if (session && sessionStorage.getItem(GUEST_TOKEN_KEY) === token) {
      return { kind: 'app', backend: guestBackend(root, session) };
    }
    return { kind: 'guest-gate', root, token };
  }
  const served = await webBackend(root);
  return { kind: 'app', backend: served ?? new MemoryBackend({ latencyMs: 150, transferTickMs: 100 }) };
}

/** The backend of a guest who just entered `token`'s link. */
export function enteredGuest(root: URL, token: string, session: GuestSession): Backend {
  sessionStorage.setItem(GUEST_TOKEN_KEY, token);
  return guestBackend(root, session);
}

/** The token of `<root>/r/<token>`, when that is this page. */
function reviewToken(root: URL): string | null {
  const path = window.location.pathname;
  if (!path.startsWith(root.pathname)) return null;
  const match = /^r\/([A-Za-z0-9_-]+)\/?$/.exec(path.slice(root.pathname.length));
  return match?.[1] ?? null;
}

/** This browser's guest session, if it has one. */
async function currentGuest(root: URL): Promise<GuestSession | null> {
  try {
    const response = await fetch(new URL('api/guest/session', root), { credentials: 'same-origin', headers: { accept: 'application/json' } });
    if (!response.ok) return null;
    return ((await response.json()) as { data: GuestSession }).data;
  } catch {
    return null;
  }
}
