import { toBackendError, type Backend, type FileDropEvent } from '../backend';
import type { UploadTarget } from '../stores/uploads.svelte';

/**
 * What marks a drop target: a folder of the sidebar (`data-drop-folder` = its id) or the open
 * folder's main area (`data-drop-current` = its id), both with `data-drop-project`,
 * `data-drop-connection` and `data-drop-name`; or a file's row inside the open folder's area
 * (`data-drop-version` = its id, `data-drop-name` its name), where a file becomes its next version.
 */
export const DROP_TARGETS = '[data-drop-version], [data-drop-folder], [data-drop-current]';
/** Set on the target under the pointer while files are dragged over it. */
export const DROP_ACTIVE = 'data-drop-active';

/** Why a drop went nowhere. */
export type Miss = 'nowhere' | 'dialog';

/** The element at a point of the window, in CSS pixels. */
export type ElementAt = (x: number, y: number) => Element | null;

const elementFromPoint: ElementAt = (x, y) => document.elementFromPoint(x, y);

/** The drop target at (x, y) and the folder it stands for, if there is one. */
export function dropTargetAt(x: number, y: number, elementAt: ElementAt = elementFromPoint) {
  const element = elementAt(x, y)?.closest<HTMLElement>(DROP_TARGETS);
  if (!element) return null;
  if (element.dataset.dropVersion !== undefined) return versionTargetOf(element);
  const { dropFolder, dropCurrent, dropProject, dropConnection, dropName } = element.dataset;
  const folderId = Number(dropFolder ?? dropCurrent);
  const projectId = Number(dropProject);
  if (!Number.isSafeInteger(folderId) || !Number.isSafeInteger(projectId) || !dropConnection) return null;
  const target: UploadTarget = { connection: dropConnection, projectId, folderId, folderName: dropName ?? '' };
  return { element, target };
}

/** A file's row as a drop target: its folder is the open folder's area around it. */
function versionTargetOf(row: HTMLElement) {
  const area = row.parentElement?.closest<HTMLElement>('[data-drop-current]');
  const fileId = Number(row.dataset.dropVersion);
  if (!area || !Number.isSafeInteger(fileId)) return null;
  const { dropCurrent, dropProject, dropConnection, dropName } = area.dataset;
  const folderId = Number(dropCurrent);
  const projectId = Number(dropProject);
  if (!Number.isSafeInteger(folderId) || !Number.isSafeInteger(projectId) || !dropConnection) return null;
  const target: UploadTarget = {
    connection: dropConnection,
    projectId,
    folderId,
    folderName: dropName ?? '',
    versionOf: { fileId, name: row.dataset.dropName ?? '' },
  };
  return { element: row, target };
}

/**
 * Files dragged from the system over the window: highlights the drop target under the pointer
 * and, on drop, hands the paths and the target's folder to `ondrop`. A drop elsewhere (or while
 * a dialog is open) goes to `onmiss`, which says so.
 */
export class FileDrops {
  readonly #backend: Backend;
  readonly #ondrop: (target: UploadTarget, paths: readonly string[]) => void;
  readonly #onmiss: (why: Miss) => void;
  readonly #elementAt: ElementAt;
  #active: HTMLElement | null = null;
  #unsubscribe: (() => void) | null = null;
  #stopped = false;

  constructor(
    backend: Backend,
    handlers: {
      ondrop: (target: UploadTarget, paths: readonly string[]) => void;
      onmiss: (why: Miss) => void;
      elementAt?: ElementAt;
    },
  ) {
    this.#backend = backend;
    this.#ondrop = handlers.ondrop;
    this.#onmiss = handlers.onmiss;
    this.#elementAt = handlers.elementAt ?? elementFromPoint;
  }

  async start(): Promise<void> {
    this.#stopped = false;
    try {
      const unsubscribe = await this.#backend.onFileDrop((event) => this.handle(event));
      if (this.#stopped) unsubscribe();
      else this.#unsubscribe = unsubscribe;
    } catch (reason) {
      console.warn('files dropped on the window are not followed', toBackendError(reason));
    }
  }

  stop(): void {
    this.#stopped = true;
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    this.#highlight(null);
  }

  handle(event: FileDropEvent): void {
    switch (event.type) {
      case 'enter':
      case 'over':
        this.#highlight(this.#at(event.x, event.y)?.element ?? null);
        break;
      case 'leave':
        this.#highlight(null);
        break;
      case 'drop': {
        const hit = this.#at(event.x, event.y);
        this.#highlight(null);
        if (hit) this.#ondrop(hit.target, event.paths);
        else this.#onmiss(dialogOpen() ? 'dialog' : 'nowhere');
        break;
      }
    }
  }

  #at(x: number, y: number) {
    return dialogOpen() ? null : dropTargetAt(x, y, this.#elementAt);
  }

  #highlight(element: HTMLElement | null): void {
    if (element === this.#active) return;
    this.#active?.removeAttribute(DROP_ACTIVE);
    this.#active = element;
    element?.setAttribute(DROP_ACTIVE, '');
  }
}

function dialogOpen(): boolean {
  return document.querySelector('[role="dialog"]') !== null;
}
