import { commands } from './commands';
import type { FileRef, UiBackend } from './ui-types';

/** The arguments naming a file, as the commands take them. */
const at = ({ projectId, folderId, fileId }: FileRef) => ({ project_id: projectId, folder_id: folderId, file_id: fileId });

/** The screens' commands (see `UiBackend`), through the generated `commands`. */
export const tauriUiBackend: UiBackend = {
  updateProject: (projectId, update, connection) =>
    commands.update_project({ connection, project_id: projectId, update }),
  deleteProject: (projectId, connection) => commands.delete_project({ connection, project_id: projectId }),
  updateFolder: (projectId, folderId, update, connection) =>
    commands.update_folder({ connection, project_id: projectId, folder_id: folderId, update }),
  deleteFolder: (projectId, folderId, connection) =>
    commands.delete_folder({ connection, project_id: projectId, folder_id: folderId }),
  listFilesPage: (projectId, folderId, query, page, perPage, connection) =>
    commands.list_files_page({ connection, project_id: projectId, folder_id: folderId, query, page, per_page: perPage }),
  getFile: (file, connection) => commands.get_file({ connection, ...at(file) }),
  updateFile: (file, update, connection) => commands.update_file({ connection, ...at(file), update }),
  deleteFile: (file, connection) => commands.delete_file({ connection, ...at(file) }),
  mediaUrl: (file, connection) => commands.media_url({ connection, ...at(file) }),
  posterUrl: (file, connection) => commands.poster_url({ connection, ...at(file) }),
  proxyUrl: (file, connection) => commands.proxy_url({ connection, ...at(file) }),
  waveform: (file, connection) => commands.file_waveform({ connection, ...at(file) }),
  retryRendition: (file, kind, connection) => commands.retry_rendition({ connection, ...at(file), kind }),

  listComments: (file, connection) => commands.list_comments({ connection, ...at(file) }),
  createComment: (file, comment, connection) => commands.create_comment({ connection, ...at(file), comment }),
  replyToComment: (file, commentId, body, connection) =>
    commands.reply_to_comment({ connection, ...at(file), comment_id: commentId, body }),
  updateComment: (file, commentId, change, connection) =>
    commands.update_comment({ connection, ...at(file), comment_id: commentId, change }),
  deleteComment: (file, commentId, connection) =>
    commands.delete_comment({ connection, ...at(file), comment_id: commentId }),
  exportComments: (file, format, connection) => commands.export_comments({ connection, ...at(file), format }),
  fileMetadata: (file, connection) => commands.file_metadata({ connection, ...at(file) }),
  patchFileMetadata: (file, changes, connection) =>
    commands.patch_file_metadata({ connection, ...at(file), changes }),
  folderMetadata: (projectId, folderId, connection) =>
    commands.folder_metadata({ connection, project_id: projectId, folder_id: folderId }),
  patchFolderMetadata: (projectId, folderId, changes, connection) =>
    commands.patch_folder_metadata({ connection, project_id: projectId, folder_id: folderId, changes }),

  listVersions: (file, connection) => commands.list_versions({ connection, ...at(file) }),
  createVersion: (file, version, connection) => commands.create_version({ connection, ...at(file), version }),
  deleteVersion: (file, connection) => commands.delete_version({ connection, ...at(file) }),
  setStatus: (file, status, connection) => commands.set_status({ connection, ...at(file), status }),
  projectActivity: (projectId, page, perPage, connection) =>
    commands.project_activity({ connection, project_id: projectId, page, per_page: perPage }),
  markSeen: (file, connection) => commands.mark_seen({ connection, ...at(file) }),

  listReviewLinks: (projectId, connection) => commands.list_review_links({ connection, project_id: projectId }),
  createReviewLink: (projectId, link, connection) => commands.create_review_link({ connection, project_id: projectId, link }),
  revokeReviewLink: (projectId, linkId, connection) =>
    commands.revoke_review_link({ connection, project_id: projectId, link_id: linkId }),

  projectMembers: (projectId, connection) => commands.project_members({ connection, project_id: projectId }),
  setProjectRole: (projectId, userId, role, connection) =>
    commands.set_project_role({ connection, project_id: projectId, user_id: userId, role }),
  folderMembers: (projectId, folderId, connection) =>
    commands.folder_members({ connection, project_id: projectId, folder_id: folderId }),
  setFolderRole: (projectId, folderId, userId, role, connection) =>
    commands.set_folder_role({ connection, project_id: projectId, folder_id: folderId, user_id: userId, role }),
  findUsers: (email, connection) => commands.find_users({ connection, email }),
  createUser: (user, connection) => commands.create_user({ connection, user }),

  me: (connection) => commands.me({ connection }),
  myUsage: (connection) => commands.my_usage({ connection }),
  projectUsage: (projectId, connection) => commands.project_usage({ connection, project_id: projectId }),
  listApiKeys: (connection) => commands.list_api_keys({ connection }),
  createApiKey: (name, connection) => commands.create_api_key({ connection, name }),
  deleteApiKey: (keyId, connection) => commands.delete_api_key({ connection, key_id: keyId }),
  listOAuthApps: (connection) => commands.list_oauth_apps({ connection }),
  createOAuthApp: (app, connection) => commands.create_oauth_app({ connection, app }),
  updateOAuthApp: (appId, update, connection) => commands.update_oauth_app({ connection, app_id: appId, update }),
  deleteOAuthApp: (appId, connection) => commands.delete_oauth_app({ connection, app_id: appId }),
  rotateOAuthAppSecret: (appId, connection) => commands.rotate_oauth_app_secret({ connection, app_id: appId }),
  generateOAuthCode: (appId, request, connection) =>
    commands.generate_oauth_code({ connection, app_id: appId, request }),
  listAuthorizations: (connection) => commands.list_authorizations({ connection }),
  revokeAuthorization: (authorizationId, connection) =>
    commands.revoke_authorization({ connection, authorization_id: authorizationId }),

  getSettings: () => commands.settings_get(),
  setSettings: (settings) => commands.settings_set({ value: settings }),
  checkDownloadFolder: (path) => commands.check_download_folder({ path }),
};
