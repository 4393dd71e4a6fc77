import { invoke, type InvokeArgs } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';

import type {
  Connection,
  Folder,
  LibraryStatus,
  NewConnection,
  NewFolder,
  NewProject,
  Project,
} from '../api-types';
import { toBackendError } from './errors';
import { tauriUiBackend } from './tauri-ui';
import { LIBRARY, type Backend } from './types';

/** Calls a Tauri command and maps any rejection to a `BackendError`. */
async function call<T>(command: string, args?: InvokeArgs): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (reason) {
    throw toBackendError(reason);
  }
}

/** The event the Rust side emits when a connection signs in or out or needs sign-in again. */
export const CONNECTIONS_CHANGED = 'connections-changed';

/**
 * The real backend: the app's Tauri commands. Argument keys are camelCase because Tauri maps
 * them to the commands' snake_case parameters.
 */
export const tauriBackend: Backend = {
  ...tauriUiBackend,

  libraryStatus: () => call<LibraryStatus>('library_status'),

  listProjects: (connection = LIBRARY) => call<Project[]>('list_projects', { connection }),

  createProject: ({ name, description }: NewProject, connection = LIBRARY) =>
    call<Project>('create_project', { connection, name, description }),

  listFolders: (projectId: number, parentId: number | null, connection = LIBRARY) =>
    call<Folder[]>('list_folders', { connection, projectId, parentId }),

  createFolder: (projectId: number, { name, parent_id }: NewFolder, connection = LIBRARY) =>
    call<Folder>('create_folder', { connection, projectId, parentId: parent_id, name }),

  listConnections: () => call<Connection[]>('list_connections'),

  addConnection: (connection: NewConnection) => call<Connection>('add_connection', { connection }),

  signIn: (id: string) => call<Connection>('sign_in', { id }),

  cancelSignIn: () => call<void>('cancel_sign_in'),

  signOut: (id: string) => call<Connection>('sign_out', { id }),

  removeConnection: (id: string) => call<void>('remove_connection', { id }),

  onConnectionsChanged: async (listener: () => void) => {
    try {
      return await listen(CONNECTIONS_CHANGED, () => listener());
    } catch (reason) {
      throw toBackendError(reason);
    }
  },
};
