import type { Connection, NewConnection } from '../api-types';
import { BackendError } from './errors';
import type { Backend } from './types';

/**
 * What a `MemoryConnections` needs of the backend that holds a server's projects (its own
 * store, asked as its `LIBRARY`).
 */
export interface ServerContents {
  listProjects: Backend['listProjects'];
  createProject: Backend['createProject'];
  listFolders: Backend['listFolders'];
  createFolder: Backend['createFolder'];
}

/**
 * Servers for the in-memory backend: validates like the app (a web address, the fields each
 * method needs), signs in at once, and keeps each server's projects in its own store. Tests set
 * `browserPending` to hold a browser sign-in until `cancel()` or `finishBrowser()`.
 */
export class MemoryConnections {
  readonly #make: () => ServerContents;
  readonly #servers: { view: Connection; contents: ServerContents }[] = [];
  readonly #listeners = new Set<() => void>();
  #nextId = 1;
  #pending: { resolve: () => void; reject: (e: BackendError) => void } | null = null;
  /** When true, browser sign-ins wait for `finishBrowser()` or `cancel()`. */
  browserPending = false;

  constructor(make: () => ServerContents) {
    this.#make = make;
  }

  list(): Connection[] {
    return this.#servers.map((s) => structuredClone(s.view));
  }

  contents(id: string): ServerContents {
    const server = this.#find(id);
    if (server.view.state.kind !== 'signed_in') {
      throw new BackendError('unauthenticated', 'This server is signed out; sign in first.');
    }
    return server.contents;
  }

  async add({ url, credentials }: NewConnection): Promise<Connection> {
    let parsed: URL;
    try {
      parsed = new URL(url.includes('://') ? url : `https://${url}`);
    } catch {
      throw new BackendError('invalid', `${url} is not a web address.`);
    }
    if (!['http:', 'https:'].includes(parsed.protocol)) {
      throw new BackendError('invalid', 'The server address must start with https:// or http://');
    }
    const missing = Object.entries(credentials).find(([, v]) => typeof v === 'string' && v.trim() === '');
    if (missing) throw new BackendError('invalid', `The ${missing[0].replace('_', ' ')} is missing.`);
    if (credentials.method === 'browser') await this.#waitForBrowser();
    const normalized = parsed.href.endsWith('/') ? parsed.href : `${parsed.href}/`;
    let server = this.#servers.find((s) => s.view.url === normalized);
    if (!server) {
      server = {
        view: {
          id: `srv${this.#nextId++}`,
          label: parsed.host,
          url: normalized,
          method: credentials.method,
          state: { kind: 'signed_out' },
          user: null,
        },
        contents: this.#make(),
      };
      this.#servers.push(server);
    }
    server.view.method = credentials.method;
    server.view.state = { kind: 'signed_in' };
    server.view.user = { name: 'Ada', email: 'ada@example.org' };
    this.#changed();
    return structuredClone(server.view);
  }

  async signIn(id: string): Promise<Connection> {
    const server = this.#find(id);
    return this.add({ url: server.view.url, credentials: { method: 'browser' } });
  }

  signOut(id: string): Connection {
    const server = this.#find(id);
    server.view.state = { kind: 'signed_out' };
    server.view.user = null;
    this.#changed();
    return structuredClone(server.view);
  }

  /** Marks a server as needing sign-in again, as when its tokens are revoked. */
  expire(id: string, reason: string): void {
    this.#find(id).view.state = { kind: 'sign_in_required', reason };
    this.#changed();
  }

  remove(id: string): void {
    const at = this.#servers.findIndex((s) => s.view.id === id);
    if (at >= 0) this.#servers.splice(at, 1);
    this.#changed();
  }

  cancel(): void {
    this.#pending?.reject(new BackendError('cancelled', 'the sign-in was cancelled'));
    this.#pending = null;
  }

  finishBrowser(): void {
    this.#pending?.resolve();
    this.#pending = null;
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #waitForBrowser(): Promise<void> {
    if (!this.browserPending) return Promise.resolve();
    return new Promise((resolve, reject) => (this.#pending = { resolve, reject }));
  }

  #find(id: string) {
    const server = this.#servers.find((s) => s.view.id === id);
    if (!server) throw new BackendError('not_found', `There is no connection ${id}.`);
    return server;
  }

  #changed(): void {
    for (const listener of this.#listeners) listener();
  }
}
