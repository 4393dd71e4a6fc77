import type { File } from '../api-types';

/**
 * What the main area shows. Browse, review, members, activity and account are about the library's open
 * project or connection; settings and transfers are the app's.
 */
export type View =
  | { readonly kind: 'browse' }
  | { readonly kind: 'review'; readonly file: File }
  | { readonly kind: 'members'; readonly folderId: number | null }
  | { readonly kind: 'activity' }
  | { readonly kind: 'account' }
  | { readonly kind: 'settings' }
  | { readonly kind: 'transfers' };

/** Where in the folder view a file was opened from: its place in the list then. */
export interface ReturnTo {
  readonly fileId: number;
  readonly index: number;
}

/** Which view the main area shows, with the one before it for Back (Escape). */
export class Navigator {
  view = $state.raw<View>({ kind: 'browse' });
  /** How the last change came about: Back gives focus back where it was. */
  lastMove = $state<'show' | 'back'>('show');
  #previous: View = { kind: 'browse' };
  #openedFrom: ReturnTo | null = null;
  #returnTo: ReturnTo | null = null;

  show(view: View): void {
    if (view.kind === this.view.kind && view.kind === 'browse') return;
    this.#previous = this.view.kind === view.kind ? this.#previous : this.view;
    this.lastMove = 'show';
    this.view = view;
  }

  browse(): void {
    this.show({ kind: 'browse' });
  }

  /** Reviews `file`; `index` is its place in the folder view, selected again on Back. */
  review(file: File, index?: number): void {
    this.#openedFrom = index === undefined ? null : { fileId: file.id, index };
    this.show({ kind: 'review', file });
  }

  /** Back to the view before this one (browse when there was none). */
  back(): void {
    const to = this.#previous;
    this.#previous = { kind: 'browse' };
    if (this.view.kind === 'review') this.#returnTo = this.#openedFrom;
    this.#openedFrom = null;
    this.lastMove = 'back';
    this.view = to.kind === this.view.kind ? { kind: 'browse' } : to;
  }

  /** The file the folder view came back from, once (then forgotten). */
  takeReturn(): ReturnTo | null {
    const to = this.#returnTo;
    this.#returnTo = null;
    return to;
  }
}
