import type { Settings, Theme } from '../api-types';
import { toBackendError, type Backend, type BackendError } from '../backend';
import { DEFAULT_SETTINGS } from '../settings-rules';
import type { LoadState } from './listing';

/**
 * The app's settings: loaded from the Rust side (which keeps them with the store plugin),
 * saved back whole, and the theme applied to the page as `data-theme` on the root element.
 */
export class SettingsStore {
  readonly #backend: Backend;
  readonly #root: HTMLElement | null;

  value = $state.raw<Settings>(DEFAULT_SETTINGS);
  state = $state<LoadState>('idle');
  error = $state.raw<BackendError | null>(null);

  constructor(backend: Backend, root: HTMLElement | null = globalThis.document?.documentElement ?? null) {
    this.#backend = backend;
    this.#root = root;
    this.#apply(DEFAULT_SETTINGS.theme);
  }

  async load(): Promise<void> {
    this.state = 'loading';
    try {
      this.value = await this.#backend.getSettings();
      this.state = 'ready';
      this.error = null;
      this.#apply(this.value.theme);
    } catch (reason) {
      this.error = toBackendError(reason);
      this.state = 'error';
    }
  }

  /** Saves the settings; rejects with a `BackendError` whose message starts with the field. */
  async save(settings: Settings): Promise<Settings> {
    let saved: Settings;
    try {
      saved = await this.#backend.setSettings(settings);
    } catch (reason) {
      throw toBackendError(reason);
    }
    this.value = saved;
    this.state = 'ready';
    this.#apply(saved.theme);
    return saved;
  }

  #apply(theme: Theme): void {
    if (this.#root) this.#root.dataset.theme = theme;
  }
}
