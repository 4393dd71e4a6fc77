import type { File } from '../api-types';

/**
 * What the main area shows. Browse, review, members and account are about the library's open
 * project or connection; settings and transfers are the app's.
 */
export type View =
  | { readonly kind: 'browse' }
  | { readonly kind: 'review'; readonly file: File }
  | { readonly kind: 'members'; readonly folderId: number | null }
  | { readonly kind: 'account' }
  | { readonly kind: 'settings' }
  | { readonly kind: 'transfers' };

/** Which view the main area shows, with the one before it for Back (Escape). */
export class Navigator {
  view = $state.raw<View>({ kind: 'browse' });
  #previous: View = { kind: 'browse' };

  show(view: View): void {
    if (view.kind === this.view.kind && view.kind === 'browse') return;
    this.#previous = this.view.kind === view.kind ? this.#previous : this.view;
    this.view = view;
  }

  browse(): void {
    this.show({ kind: 'browse' });
  }

  review(file: File): void {
    this.show({ kind: 'review', file });
  }

  /** Back to the view before this one (browse when there was none). */
  back(): void {
    const to = this.#previous;
    this.#previous = { kind: 'browse' };
    this.view = to.kind === this.view.kind ? { kind: 'browse' } : to;
  }
}
