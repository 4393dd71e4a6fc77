import { CONNECTIONS_CHANGED } from '../api-types';
import { commands } from './commands';
import { subscribe } from './invoke';
import { tauriTransfersBackend } from './tauri-transfers';
import { tauriUiBackend } from './tauri-ui';
import type { Backend } from './types';


/**
 * The real backend: the app's Tauri commands, through the functions generated from their
 * declarations (`commands.ts`), whose arguments are snake_case like every payload.
 */
export const tauriBackend: Backend = {
  ...tauriUiBackend,
  ...tauriTransfersBackend,
  runsIn: 'app',

  libraryStatus: () => commands.library_status(),

  listProjects: (connection) => commands.list_projects({ connection }),

  createProject: ({ name, description }, connection) =>
    commands.create_project({ connection, name, description }),

  listFolders: (projectId, parentId, connection) =>
    commands.list_folders({ connection, project_id: projectId, parent_id: parentId }),

  createFolder: (projectId, { name, parent_id }, connection) =>
    commands.create_folder({ connection, project_id: projectId, parent_id, name }),

  listConnections: () => commands.list_connections(),

  addConnection: (connection) => commands.add_connection({ connection }),

  signIn: (id) => commands.sign_in({ id }),

  cancelSignIn: () => commands.cancel_sign_in(),

  signOut: (id) => commands.sign_out({ id }),

  removeConnection: (id) => commands.remove_connection({ id }),

  onConnectionsChanged: (listener: () => void) => subscribe<unknown>(CONNECTIONS_CHANGED, () => listener()),
};
