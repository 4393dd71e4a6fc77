import type {
  Connection,
  Folder,
  LibraryStatus,
  NewConnection,
  NewFolder,
  NewProject,
  Project,
} from '../api-types';
import { call, subscribe } from './invoke';
import { tauriTransfersBackend } from './tauri-transfers';
import { tauriUiBackend } from './tauri-ui';
import { LIBRARY, type Backend } from './types';

/** The event the Rust side emits when a connection signs in or out or needs sign-in again. */
export const CONNECTIONS_CHANGED = 'connections-changed';

/**
 * The real backend: the app's Tauri commands. Argument keys are camelCase because Tauri maps
 * them to the commands' snake_case parameters.
 */
export const tauriBackend: Backend = {
  ...tauriUiBackend,
  ...tauriTransfersBackend,

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

  onConnectionsChanged: (listener: () => void) => subscribe<unknown>(CONNECTIONS_CHANGED, () => listener()),
};
