import type {
  Activity,
  Comment,
  CreatedUser,
  ExportFormat,
  File,
  Folder,
  FolderMember,
  Member,
  Metadata,
  NewComment,
  NewVersion,
  Project,
  User,
  Waveform,
} from '../../api-types';
import type { Backend } from '../types';
import type { FileRef, UiBackend } from '../ui-types';
import type { QueryPairs, ServerApi } from './request';

/** The calls of the UI that a Rushes server answers: everything but the app's own settings. */
export type ServerCalls = Omit<UiBackend, 'getSettings' | 'setSettings' | 'checkDownloadFolder' | 'exportComments'> &
  Pick<Backend, 'listProjects' | 'createProject' | 'listFolders' | 'createFolder'>;

const filePath = ({ projectId, folderId, fileId }: FileRef) =>
  `projects/${projectId}/folders/${folderId}/files/${fileId}`;
const folderPath = (projectId: number, folderId: number) => `projects/${projectId}/folders/${folderId}`;
const commentsPath = (file: FileRef) => `${filePath(file)}/comments`;

/** Where a file's comments export as `format` (the session cookie or a token goes with it). */
export const commentsExportPath = (file: FileRef, format: ExportFormat) => `${commentsPath(file)}/export?format=${format}`;

/**
 * The UI's server calls over the server's HTTP API, one request each (the same endpoints the
 * app's Rust client calls). One server per backend, so the `connection` argument the desktop
 * app routes by is not needed here.
 */
export function serverCalls(api: ServerApi): ServerCalls {
  return {
    listProjects: () => api.all<Project>('projects'),
    createProject: (project) => api.call<Project>('POST', 'projects', project),
    updateProject: (projectId, update) => api.call<Project>('PATCH', `projects/${projectId}`, update),
    deleteProject: (projectId) => api.callEmpty('DELETE', `projects/${projectId}`),
    projectUsage: (projectId) => api.call('GET', `projects/${projectId}/usage`),

    listFolders: (projectId, parentId) =>
      api.all<Folder>(
        parentId === null ? `projects/${projectId}/folders` : `${folderPath(projectId, parentId)}/children`,
      ),
    createFolder: (projectId, folder) => api.call<Folder>('POST', `projects/${projectId}/folders`, folder),
    updateFolder: (projectId, folderId, update) =>
      api.call<Folder>('PATCH', folderPath(projectId, folderId), update),
    deleteFolder: (projectId, folderId) => api.callEmpty('DELETE', folderPath(projectId, folderId)),

    listFilesPage: (projectId, folderId, query, page, perPage) => {
      const pairs: QueryPairs = { sort: query.sort, name: query.name };
      if (query.descending) pairs.order = 'desc';
      if (query.status) pairs.status = query.status;
      return api.page<File>(`${folderPath(projectId, folderId)}/files`, pairs, page, perPage);
    },
    getFile: (file) => api.call<File>('GET', filePath(file)),
    updateFile: (file, update) => api.call<File>('PATCH', filePath(file), update),
    deleteFile: (file) => api.callEmpty('DELETE', filePath(file)),
    mediaUrl: (file) => api.signedUrl(`${filePath(file)}/download`),
    posterUrl: (file) => api.signedUrl(`${filePath(file)}/poster`),
    proxyUrl: (file) => api.signedUrl(`${filePath(file)}/proxy`),
    waveform: (file) => api.signedJson<Waveform>(`${filePath(file)}/waveform`),
    retryRendition: (file, kind) => api.call<File>('POST', `${filePath(file)}/renditions/${kind}/retry`),

    listComments: (file) => api.all<Comment>(commentsPath(file)),
    createComment: (file, comment) => api.call<Comment>('POST', commentsPath(file), comment),
    replyToComment: (file, commentId, body) => {
      const reply: NewComment = { body };
      return api.call<Comment>('POST', `${commentsPath(file)}/${commentId}/comments`, reply);
    },
    updateComment: (file, commentId, change) =>
      api.call<Comment>('PATCH', `${commentsPath(file)}/${commentId}`, change),
    deleteComment: (file, commentId) => api.callEmpty('DELETE', `${commentsPath(file)}/${commentId}`),

    // One answer: the versions are not paged.
    listVersions: (file) => api.call<File[]>('GET', `${filePath(file)}/versions`),
    createVersion: (file, version: NewVersion) => api.call<File>('POST', `${filePath(file)}/versions`, version),
    deleteVersion: (file) => api.callEmpty('DELETE', `${filePath(file)}/version`),
    setStatus: (file, status) => api.call<File>('PUT', `${filePath(file)}/status`, { status }),
    projectActivity: (projectId, page, perPage) =>
      api.page<Activity>(`projects/${projectId}/activity`, {}, page, perPage),
    markSeen: (file) => api.callEmpty('POST', `${filePath(file)}/seen`),

    fileMetadata: (file) => api.call<Metadata>('GET', `${filePath(file)}/metadata`),
    patchFileMetadata: (file, changes) => api.call<Metadata>('PATCH', `${filePath(file)}/metadata`, changes),
    folderMetadata: (projectId, folderId) => api.call<Metadata>('GET', `${folderPath(projectId, folderId)}/metadata`),
    patchFolderMetadata: (projectId, folderId, changes) =>
      api.call<Metadata>('PATCH', `${folderPath(projectId, folderId)}/metadata`, changes),

    listReviewLinks: (projectId) => api.all(`projects/${projectId}/review-links`),
    createReviewLink: (projectId, link) => api.call('POST', `projects/${projectId}/review-links`, link),
    revokeReviewLink: (projectId, linkId) => api.callEmpty('DELETE', `projects/${projectId}/review-links/${linkId}`),

    projectMembers: (projectId) => api.all<Member>(`projects/${projectId}/members`),
    setProjectRole: (projectId, userId, role) =>
      api.call<Member>('PUT', `projects/${projectId}/members/${userId}`, { role }),
    folderMembers: (projectId, folderId) => api.all<FolderMember>(`${folderPath(projectId, folderId)}/members`),
    setFolderRole: (projectId, folderId, userId, role) =>
      api.call<FolderMember | null>('PUT', `${folderPath(projectId, folderId)}/members/${userId}`, { role }),
    findUsers: (email) => api.all<User>('users', { email: email.trim() }),
    createUser: (user) => api.call<CreatedUser>('POST', 'users', user),

    me: () => api.call<User>('GET', 'me'),
    myUsage: () => api.call('GET', 'me/usage'),
    listApiKeys: () => api.all('api-keys'),
    createApiKey: (name) => api.call('POST', 'api-keys', { name }),
    deleteApiKey: (keyId) => api.callEmpty('DELETE', `api-keys/${keyId}`),
    listOAuthApps: () => api.all('oauth-apps'),
    createOAuthApp: (app) => api.call('POST', 'oauth-apps', app),
    updateOAuthApp: (appId, update) => api.call('PATCH', `oauth-apps/${appId}`, update),
    deleteOAuthApp: (appId) => api.callEmpty('DELETE', `oauth-apps/${appId}`),
    rotateOAuthAppSecret: (appId) => api.call('POST', `oauth-apps/${appId}/secret`),
    generateOAuthCode: (appId, request) => api.call('POST', `oauth-apps/${appId}/codes`, request),
    listAuthorizations: () => api.all('authorizations'),
    revokeAuthorization: (authorizationId) => api.callEmpty('DELETE', `authorizations/${authorizationId}`),
  };
}
