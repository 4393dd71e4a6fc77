import type { File, Folder, Project } from '../api-types';

/** The dialog an action on a project, folder or file opens. */
export type ItemDialog =
  | { readonly kind: 'rename' | 'move' | 'delete'; readonly target: { readonly kind: 'folder'; readonly folder: Folder } }
  | { readonly kind: 'rename' | 'move' | 'delete'; readonly target: { readonly kind: 'file'; readonly file: File } }
  | { readonly kind: 'rename' | 'delete'; readonly target: { readonly kind: 'project'; readonly project: Project } };
