import { SvelteMap } from 'svelte/reactivity';

/**
 * What someone typed and has not sent or saved yet: a comment, a reply, metadata edits. Kept
 * per file (by key) for as long as the app runs, so leaving the review screen, switching its
 * tabs or opening another file never throws typing away; sending, saving or reverting clears
 * it. Not written to disk: a draft is about the server's file as it is now.
 */
export class Drafts {
  readonly #values = new SvelteMap<string, unknown>();

  get<T>(key: string): T | undefined {
    return this.#values.get(key) as T | undefined;
  }

  /** Keeps `value` under `key`; an empty string (or `undefined`) forgets it. */
  set(key: string, value: unknown): void {
    if (value === undefined || value === '') this.#values.delete(key);
    else this.#values.set(key, value);
  }

  delete(key: string): void {
    this.#values.delete(key);
  }

  /** Whether anything is kept under keys starting with `prefix` (a file's drafts). */
  has(prefix: string): boolean {
    for (const key of this.#values.keys()) if (key.startsWith(prefix)) return true;
    return false;
  }
}

/** The prefix of a file's draft keys. */
export function draftPrefix(connection: string, fileId: number): string {
  return `${connection}/file/${fileId}/`;
}
