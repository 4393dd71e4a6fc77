import type { Connection, NewConnection } from '../api-types';
import { toBackendError, type Backend } from '../backend';
import { IDLE, type Listing } from './listing';

/**
 * The connections in the sidebar: the local library and the servers, with their sign-in state.
 * Reloads whenever the app says a connection changed (signed in, out, or needing sign-in again).
 */
export class Connections {
  readonly #backend: Backend;
  #requests = 0;
  #unsubscribe: (() => void) | null = null;

  list = $state.raw<Listing<Connection>>(IDLE);

  constructor(backend: Backend) {
    this.#backend = backend;
  }

  /** Loads the list and follows changes until `stop()`. */
  async start(): Promise<void> {
    try {
      const unsubscribe = await this.#backend.onConnectionsChanged(() => void this.load());
      if (this.#unsubscribe === null) this.#unsubscribe = unsubscribe;
      else unsubscribe();
    } catch (reason) {
      console.warn('not following connection changes', toBackendError(reason));
    }
    await this.load();
  }

  stop(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = () => {};
  }

  async load(): Promise<void> {
    const request = ++this.#requests;
    this.list = { state: 'loading', items: this.list.items, error: null };
    try {
      const items = await this.#backend.listConnections();
      if (request === this.#requests) this.list = { state: 'ready', items, error: null };
    } catch (reason) {
      if (request === this.#requests) {
        this.list = { state: 'error', items: this.list.items, error: toBackendError(reason) };
      }
    }
  }

  /** Adds a server (or signs in again to one); rejects with a `BackendError`. */
  async add(connection: NewConnection): Promise<Connection> {
    return this.#run(() => this.#backend.addConnection(connection));
  }

  async signIn(id: string): Promise<Connection> {
    return this.#run(() => this.#backend.signIn(id));
  }

  async signOut(id: string): Promise<Connection> {
    return this.#run(() => this.#backend.signOut(id));
  }

  async cancelSignIn(): Promise<void> {
    try {
      await this.#backend.cancelSignIn();
    } catch (reason) {
      throw toBackendError(reason);
    }
  }

  async #run(action: () => Promise<Connection>): Promise<Connection> {
    try {
      return await action();
    } catch (reason) {
      throw toBackendError(reason);
    } finally {
      void this.load();
    }
  }
}
