import type {
  ApiKey,
  Authorization,
  Comment,
  CreatedApiKey,
  CreatedOAuthApp,
  CreatedUser,
  DevCode,
  File,
  Folder,
  FolderMember,
  Member,
  Metadata,
  OAuthApp,
  Page,
  Project,
  Settings,
  StorageUsage,
  User,
} from '../api-types';
import { call } from './invoke';
import { LIBRARY } from './types';
import type { FileRef, UiBackend } from './ui-types';

/** The arguments naming a file; Tauri maps the camelCase keys to the commands' snake_case. */
const at = ({ projectId, folderId, fileId }: FileRef) => ({ projectId, folderId, fileId });

/** The screens' commands (see `UiBackend`). */
export const tauriUiBackend: UiBackend = {
  updateProject: (projectId, update, connection = LIBRARY) =>
    call<Project>('update_project', { connection, projectId, update }),
  deleteProject: (projectId, connection = LIBRARY) => call<void>('delete_project', { connection, projectId }),
  updateFolder: (projectId, folderId, update, connection = LIBRARY) =>
    call<Folder>('update_folder', { connection, projectId, folderId, update }),
  deleteFolder: (projectId, folderId, connection = LIBRARY) =>
    call<void>('delete_folder', { connection, projectId, folderId }),
  listFilesPage: (projectId, folderId, query, page, perPage, connection = LIBRARY) =>
    call<Page<File>>('list_files_page', { connection, projectId, folderId, query, page, perPage }),
  getFile: (file, connection = LIBRARY) => call<File>('get_file', { connection, ...at(file) }),
  updateFile: (file, update, connection = LIBRARY) => call<File>('update_file', { connection, ...at(file), update }),
  deleteFile: (file, connection = LIBRARY) => call<void>('delete_file', { connection, ...at(file) }),
  mediaUrl: (file, connection = LIBRARY) => call<string>('media_url', { connection, ...at(file) }),
  posterUrl: (file, connection = LIBRARY) => call<string>('poster_url', { connection, ...at(file) }),

  listComments: (file, connection = LIBRARY) => call<Comment[]>('list_comments', { connection, ...at(file) }),
  createComment: (file, comment, connection = LIBRARY) =>
    call<Comment>('create_comment', { connection, ...at(file), comment }),
  replyToComment: (file, commentId, body, connection = LIBRARY) =>
    call<Comment>('reply_to_comment', { connection, ...at(file), commentId, body }),
  updateComment: (file, commentId, change, connection = LIBRARY) =>
    call<Comment>('update_comment', { connection, ...at(file), commentId, change }),
  deleteComment: (file, commentId, connection = LIBRARY) =>
    call<void>('delete_comment', { connection, ...at(file), commentId }),
  fileMetadata: (file, connection = LIBRARY) => call<Metadata>('file_metadata', { connection, ...at(file) }),
  patchFileMetadata: (file, changes, connection = LIBRARY) =>
    call<Metadata>('patch_file_metadata', { connection, ...at(file), changes }),
  folderMetadata: (projectId, folderId, connection = LIBRARY) =>
    call<Metadata>('folder_metadata', { connection, projectId, folderId }),
  patchFolderMetadata: (projectId, folderId, changes, connection = LIBRARY) =>
    call<Metadata>('patch_folder_metadata', { connection, projectId, folderId, changes }),

  projectMembers: (projectId, connection = LIBRARY) => call<Member[]>('project_members', { connection, projectId }),
  setProjectRole: (projectId, userId, role, connection = LIBRARY) =>
    call<Member>('set_project_role', { connection, projectId, userId, role }),
  folderMembers: (projectId, folderId, connection = LIBRARY) =>
    call<FolderMember[]>('folder_members', { connection, projectId, folderId }),
  setFolderRole: (projectId, folderId, userId, role, connection = LIBRARY) =>
    call<FolderMember | null>('set_folder_role', { connection, projectId, folderId, userId, role }),
  findUsers: (email, connection = LIBRARY) => call<User[]>('find_users', { connection, email }),
  createUser: (user, connection = LIBRARY) => call<CreatedUser>('create_user', { connection, user }),

  me: (connection = LIBRARY) => call<User>('me', { connection }),
  myUsage: (connection = LIBRARY) => call<StorageUsage>('my_usage', { connection }),
  projectUsage: (projectId, connection = LIBRARY) => call<StorageUsage>('project_usage', { connection, projectId }),
  listApiKeys: (connection = LIBRARY) => call<ApiKey[]>('list_api_keys', { connection }),
  createApiKey: (name, connection = LIBRARY) => call<CreatedApiKey>('create_api_key', { connection, name }),
  deleteApiKey: (keyId, connection = LIBRARY) => call<void>('delete_api_key', { connection, keyId }),
  listOAuthApps: (connection = LIBRARY) => call<OAuthApp[]>('list_oauth_apps', { connection }),
  createOAuthApp: (app, connection = LIBRARY) => call<CreatedOAuthApp>('create_oauth_app', { connection, app }),
  updateOAuthApp: (appId, update, connection = LIBRARY) =>
    call<OAuthApp>('update_oauth_app', { connection, appId, update }),
  deleteOAuthApp: (appId, connection = LIBRARY) => call<void>('delete_oauth_app', { connection, appId }),
  rotateOAuthAppSecret: (appId, connection = LIBRARY) =>
    call<CreatedOAuthApp>('rotate_oauth_app_secret', { connection, appId }),
  generateOAuthCode: (appId, request, connection = LIBRARY) =>
    call<DevCode>('generate_oauth_code', { connection, appId, request }),
  listAuthorizations: (connection = LIBRARY) => call<Authorization[]>('list_authorizations', { connection }),
  revokeAuthorization: (authorizationId, connection = LIBRARY) =>
    call<void>('revoke_authorization', { connection, authorizationId }),

  getSettings: () => call<Settings>('settings_get'),
  setSettings: (settings) => call<Settings>('settings_set', { value: settings }),
};
