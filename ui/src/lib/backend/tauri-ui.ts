import { commands } from './commands';
import { LIBRARY } from './types';
import type { FileRef, UiBackend } from './ui-types';

/** The arguments naming a file, as the commands take them. */
const at = ({ projectId, folderId, fileId }: FileRef) => ({ project_id: projectId, folder_id: folderId, file_id: fileId });

/** The screens' commands (see `UiBackend`), through the generated `commands`. */
export const tauriUiBackend: UiBackend = {
  updateProject: (projectId, update, connection = LIBRARY) =>
    commands.update_project({ connection, project_id: projectId, update }),
  deleteProject: (projectId, connection = LIBRARY) => commands.delete_project({ connection, project_id: projectId }),
  updateFolder: (projectId, folderId, update, connection = LIBRARY) =>
    commands.update_folder({ connection, project_id: projectId, folder_id: folderId, update }),
  deleteFolder: (projectId, folderId, connection = LIBRARY) =>
    commands.delete_folder({ connection, project_id: projectId, folder_id: folderId }),
  listFilesPage: (projectId, folderId, query, page, perPage, connection = LIBRARY) =>
    commands.list_files_page({ connection, project_id: projectId, folder_id: folderId, query, page, per_page: perPage }),
  getFile: (file, connection = LIBRARY) => commands.get_file({ connection, ...at(file) }),
  updateFile: (file, update, connection = LIBRARY) => commands.update_file({ connection, ...at(file), update }),
  deleteFile: (file, connection = LIBRARY) => commands.delete_file({ connection, ...at(file) }),
  mediaUrl: (file, connection = LIBRARY) => commands.media_url({ connection, ...at(file) }),
  posterUrl: (file, connection = LIBRARY) => commands.poster_url({ connection, ...at(file) }),

  listComments: (file, connection = LIBRARY) => commands.list_comments({ connection, ...at(file) }),
  createComment: (file, comment, connection = LIBRARY) => commands.create_comment({ connection, ...at(file), comment }),
  replyToComment: (file, commentId, body, connection = LIBRARY) =>
    commands.reply_to_comment({ connection, ...at(file), comment_id: commentId, body }),
  updateComment: (file, commentId, change, connection = LIBRARY) =>
    commands.update_comment({ connection, ...at(file), comment_id: commentId, change }),
  deleteComment: (file, commentId, connection = LIBRARY) =>
    commands.delete_comment({ connection, ...at(file), comment_id: commentId }),
  fileMetadata: (file, connection = LIBRARY) => commands.file_metadata({ connection, ...at(file) }),
  patchFileMetadata: (file, changes, connection = LIBRARY) =>
    commands.patch_file_metadata({ connection, ...at(file), changes }),
  folderMetadata: (projectId, folderId, connection = LIBRARY) =>
    commands.folder_metadata({ connection, project_id: projectId, folder_id: folderId }),
  patchFolderMetadata: (projectId, folderId, changes, connection = LIBRARY) =>
    commands.patch_folder_metadata({ connection, project_id: projectId, folder_id: folderId, changes }),

  projectMembers: (projectId, connection = LIBRARY) => commands.project_members({ connection, project_id: projectId }),
  setProjectRole: (projectId, userId, role, connection = LIBRARY) =>
    commands.set_project_role({ connection, project_id: projectId, user_id: userId, role }),
  folderMembers: (projectId, folderId, connection = LIBRARY) =>
    commands.folder_members({ connection, project_id: projectId, folder_id: folderId }),
  setFolderRole: (projectId, folderId, userId, role, connection = LIBRARY) =>
    commands.set_folder_role({ connection, project_id: projectId, folder_id: folderId, user_id: userId, role }),
  findUsers: (email, connection = LIBRARY) => commands.find_users({ connection, email }),
  createUser: (user, connection = LIBRARY) => commands.create_user({ connection, user }),

  me: (connection = LIBRARY) => commands.me({ connection }),
  myUsage: (connection = LIBRARY) => commands.my_usage({ connection }),
  projectUsage: (projectId, connection = LIBRARY) => commands.project_usage({ connection, project_id: projectId }),
  listApiKeys: (connection = LIBRARY) => commands.list_api_keys({ connection }),
  createApiKey: (name, connection = LIBRARY) => commands.create_api_key({ connection, name }),
  deleteApiKey: (keyId, connection = LIBRARY) => commands.delete_api_key({ connection, key_id: keyId }),
  listOAuthApps: (connection = LIBRARY) => commands.list_oauth_apps({ connection }),
  createOAuthApp: (app, connection = LIBRARY) => commands.create_oauth_app({ connection, app }),
  updateOAuthApp: (appId, update, connection = LIBRARY) => commands.update_oauth_app({ connection, app_id: appId, update }),
  deleteOAuthApp: (appId, connection = LIBRARY) => commands.delete_oauth_app({ connection, app_id: appId }),
  rotateOAuthAppSecret: (appId, connection = LIBRARY) => commands.rotate_oauth_app_secret({ connection, app_id: appId }),
  generateOAuthCode: (appId, request, connection = LIBRARY) =>
    commands.generate_oauth_code({ connection, app_id: appId, request }),
  listAuthorizations: (connection = LIBRARY) => commands.list_authorizations({ connection }),
  revokeAuthorization: (authorizationId, connection = LIBRARY) =>
    commands.revoke_authorization({ connection, authorization_id: authorizationId }),

  getSettings: () => commands.settings_get(),
  setSettings: (settings) => commands.settings_set({ value: settings }),
  checkDownloadFolder: (path) => commands.check_download_folder({ path }),
};
