import type {
  ApiKey,
  Authorization,
  CreatedApiKey,
  CreatedOAuthApp,
  DevCode,
  NewOAuthApp,
  OAuthApp,
  OAuthAppUpdate,
  StorageUsage,
  User,
} from '../api-types';
import { toBackendError, type Backend } from '../backend';
import { IDLE, type Listing } from './listing';
import type { Loaded } from './review.svelte';

/**
 * The Account screen of one connection: who is signed in, their API keys, the OAuth apps they
 * registered and the apps they authorized. Secrets in answers (a new key, a client secret, a
 * development code) are handed to the caller to show once; nothing here keeps them.
 */
export class Account {
  readonly connection: string;
  readonly #backend: Backend;

  me = $state.raw<Loaded<User>>({ state: 'idle', value: null, error: null });
  /** Storage used on the server and the per-user quota; stays idle-looking on failure (a
   * server older than the usage endpoint), since the screen works without it. */
  usage = $state.raw<Loaded<StorageUsage>>({ state: 'idle', value: null, error: null });
  keys = $state.raw<Listing<ApiKey>>(IDLE);
  apps = $state.raw<Listing<OAuthApp>>(IDLE);
  authorizations = $state.raw<Listing<Authorization>>(IDLE);

  constructor(backend: Backend, connection: string) {
    this.#backend = backend;
    this.connection = connection;
  }

  async start(): Promise<void> {
    await Promise.all([this.loadMe(), this.loadUsage(), this.loadKeys(), this.loadApps(), this.loadAuthorizations()]);
  }

  async loadMe(): Promise<void> {
    this.me = { state: 'loading', value: this.me.value, error: null };
    try {
      this.me = { state: 'ready', value: await this.#backend.me(this.connection), error: null };
    } catch (reason) {
      this.me = { state: 'error', value: null, error: toBackendError(reason) };
    }
  }

  async loadUsage(): Promise<void> {
    try {
      this.usage = { state: 'ready', value: await this.#backend.myUsage(this.connection), error: null };
    } catch (reason) {
      this.usage = { state: 'error', value: null, error: toBackendError(reason) };
    }
  }

  async loadKeys(): Promise<void> {
    this.keys = await this.#list(this.keys, () => this.#backend.listApiKeys(this.connection));
  }

  async loadApps(): Promise<void> {
    this.apps = await this.#list(this.apps, () => this.#backend.listOAuthApps(this.connection));
  }

  async loadAuthorizations(): Promise<void> {
    this.authorizations = await this.#list(this.authorizations, () => this.#backend.listAuthorizations(this.connection));
  }

  /** Creates an API key; the answer holds its secret, to show once. */
  async createKey(name: string): Promise<CreatedApiKey> {
    const created = await this.#do(() => this.#backend.createApiKey(name, this.connection));
    await this.loadKeys();
    return created;
  }

  async deleteKey(id: number): Promise<void> {
    await this.#do(() => this.#backend.deleteApiKey(id, this.connection));
    await this.loadKeys();
  }

  /** Registers an OAuth app; a confidential app's secret is in the answer, to show once. */
  async createApp(app: NewOAuthApp): Promise<CreatedOAuthApp> {
    const created = await this.#do(() => this.#backend.createOAuthApp(app, this.connection));
    await this.loadApps();
    return created;
  }

  async updateApp(id: number, update: OAuthAppUpdate): Promise<OAuthApp> {
    const updated = await this.#do(() => this.#backend.updateOAuthApp(id, update, this.connection));
    await this.loadApps();
    return updated;
  }

  async deleteApp(id: number): Promise<void> {
    await this.#do(() => this.#backend.deleteOAuthApp(id, this.connection));
    await this.loadApps();
  }

  /** A new client secret (the old one stops working); to show once. */
  async rotateSecret(id: number): Promise<CreatedOAuthApp> {
    return this.#do(() => this.#backend.rotateOAuthAppSecret(id, this.connection));
  }

  /** The development "Generate" button: an authorization code for the signed-in person. */
  async generateCode(id: number, redirectUri: string): Promise<DevCode> {
    return this.#do(() => this.#backend.generateOAuthCode(id, { redirect_uri: redirectUri }, this.connection));
  }

  async revoke(id: number): Promise<void> {
    await this.#do(() => this.#backend.revokeAuthorization(id, this.connection));
    await this.loadAuthorizations();
  }

  async #list<T>(before: Listing<T>, fetch: () => Promise<T[]>): Promise<Listing<T>> {
    try {
      return { state: 'ready', items: await fetch(), error: null };
    } catch (reason) {
      return { state: 'error', items: before.items, error: toBackendError(reason) };
    }
  }

  async #do<T>(action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (reason) {
      throw toBackendError(reason);
    }
  }
}
