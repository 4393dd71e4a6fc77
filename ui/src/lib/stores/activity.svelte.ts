import type { Activity, File } from '../api-types';
import { toBackendError, type Backend, type BackendError } from '../backend';
import type { LoadState } from './listing';

/** Entries per request: a screenful or two. */
export const ACTIVITY_PAGE = 50;

/**
 * What happened in one project, newest first — uploads, new versions, comments and replies,
 * status changes — read a page at a time: the first on `start`, the next on `more` (entries
 * already shown stay; one that arrives meanwhile pushes the pages along, so an entry seen twice
 * is shown once).
 */
export class ProjectActivity {
  readonly projectId: number;
  readonly connection: string;
  readonly perPage: number;
  readonly #backend: Backend;
  #pages = 0;

  items = $state.raw<readonly Activity[]>([]);
  /** Entries over all pages; `null` until the first page answered. */
  total = $state<number | null>(null);
  state = $state<LoadState>('idle');
  error = $state.raw<BackendError | null>(null);

  /** Whether the server has entries not loaded yet. */
  readonly hasMore: boolean = $derived(this.total !== null && this.items.length < this.total);

  constructor(backend: Backend, projectId: number, connection: string, perPage = ACTIVITY_PAGE) {
    this.#backend = backend;
    this.projectId = projectId;
    this.connection = connection;
    this.perPage = perPage;
  }

  /** The newest page, from scratch. */
  async start(): Promise<void> {
    this.#pages = 0;
    this.items = [];
    this.total = null;
    await this.more();
  }

  /** The next page, after those shown. */
  async more(): Promise<void> {
    if (this.state === 'loading') return;
    this.state = 'loading';
    this.error = null;
    try {
      const page = await this.#backend.projectActivity(this.projectId, this.#pages + 1, this.perPage, this.connection);
      this.#pages = page.page;
      const seen = new Set(this.items.map((a) => a.id));
      this.items = [...this.items, ...page.items.filter((a) => !seen.has(a.id))];
      this.total = page.total;
      this.state = 'ready';
    } catch (reason) {
      this.error = toBackendError(reason);
      this.state = 'error';
    }
  }

  /** The version an entry is about, to open it; rejects with a `BackendError` (deleted since). */
  async fileOf(entry: Activity): Promise<File> {
    try {
      return await this.#backend.getFile(
        { projectId: entry.project_id, folderId: entry.folder_id, fileId: entry.file_id },
        this.connection,
      );
    } catch (reason) {
      throw toBackendError(reason);
    }
  }
}
