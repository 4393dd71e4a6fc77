import { invoke, type InvokeArgs } from '@tauri-apps/api/core';

import type { Folder, LibraryStatus, NewFolder, NewProject, Project } from '../api-types';
import { toBackendError } from './errors';
import type { Backend } from './types';

/** Calls a Tauri command and maps any rejection to a `BackendError`. */
async function call<T>(command: string, args?: InvokeArgs): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (reason) {
    throw toBackendError(reason);
  }
}

/**
 * The real backend: the app's Tauri commands. Argument keys are camelCase because Tauri maps
 * them to the commands' snake_case parameters.
 */
export const tauriBackend: Backend = {
  libraryStatus: () => call<LibraryStatus>('library_status'),

  listProjects: () => call<Project[]>('list_projects'),

  createProject: ({ name, description }: NewProject) =>
    call<Project>('create_project', { name, description }),

  listFolders: (projectId: number, parentId: number | null) =>
    call<Folder[]>('list_folders', { projectId, parentId }),

  createFolder: (projectId: number, { name, parent_id }: NewFolder) =>
    call<Folder>('create_folder', { projectId, parentId: parent_id, name }),
};
