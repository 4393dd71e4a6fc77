import { DEFAULT_SETTINGS, type Comment, type Connection, type File, type Folder, type GuestSession, type Metadata, type NewComment, type Project, type User, type Waveform } from '../../api-types';
import { BackendError } from '../errors';
import { LIBRARY, type Backend } from '../types';
import { errorOf, ServerApi, type QueryPairs } from './request';
import { saveToDownloads } from './save';

/** The project a guest sees: its real id is none of the page's business. */
const PROJECT_ID = 0;

/**
 * The backend of a guest on a review link: the same screens, on the guest endpoints of the
 * server (`/api/guest/…`), which answer only for what the link covers. Authenticated by the
 * guest session's HttpOnly cookie and its CSRF token. Everything a link does not allow —
 * managing, uploading, members, the account, editing metadata — is refused here, and left out
 * of the screens (`Backend.guest`).
 */
export function guestBackend(root: URL, session: GuestSession): Backend {
  const api = new ServerApi(root, { kind: 'session', csrfToken: () => session.csrf_token });
  const { link } = session;
  const now = new Date().toISOString();
  const project: Project = { id: PROJECT_ID, name: link.project_name, description: link.label, created_at: now, updated_at: now };
  const connection: Connection = {
    id: LIBRARY,
    label: link.label || link.project_name,
    url: root.toString(),
    method: null,
    state: { kind: 'signed_in' },
    user: { name: session.guest_name, email: '' },
  };
  const me: User = { id: -1, email: '', name: session.guest_name, is_admin: false, active: true, created_at: now };
  const file = (id: number) => `guest/files/${id}`;
  const notAllowed = async (): Promise<never> => {
    throw new BackendError('forbidden', 'A review link does not allow this.');
  };
  const nothingToUnsubscribe = async () => () => {};
  /**
   * A file link's file — its newest complete version, as the team's listings show an entry (the
   * link covers every version) — and the folder it sits in (shown as the top of the link).
   */
  const shared = link.kind === 'file' ? newest(api, file(link.root_id)) : null;
  const sharedFolder = async (): Promise<Folder> => {
    const f = shared ? await shared : null;
    return {
      id: f?.folder_id ?? link.root_id,
      project_id: PROJECT_ID,
      parent_id: null,
      name: link.root_name,
      created_at: now,
      updated_at: now,
    };
  };

  return {
    runsIn: 'browser',
    guest: { name: session.guest_name, link },

    libraryStatus: async () => ({ url: root.toString(), data_dir: '', secret_storage: { kind: 'keychain' } }),
    listConnections: async () => [connection],
    onConnectionsChanged: nothingToUnsubscribe,
    addConnection: notAllowed,
    signIn: notAllowed,
    cancelSignIn: async () => {},
    // Leaving ends the guest session on the server (gone already is fine) and loads the link's
    // page again, which shows its name gate: the next person at this browser starts afresh.
    signOut: async () => {
      const response = await api.send('DELETE', api.url('guest/session'));
      if (!response.ok && response.status !== 401) throw errorOf(response.status, await response.text());
      window.location.reload();
      return { ...connection, state: { kind: 'signed_out' } };
    },
    removeConnection: notAllowed,

    listProjects: async () => [project],
    listFolders: async (_projectId, parentId) => {
      if (parentId === null) return [await sharedFolder()];
      if (link.kind === 'file') return [];
      return api.all<Folder>(`guest/folders/${parentId}/children`);
    },
    listFilesPage: async (_projectId, folderId, query, page, perPage) => {
      if (shared) {
        const only = await shared;
        return { items: folderId === only.folder_id ? [only] : [], total: folderId === only.folder_id ? 1 : 0, page, per_page: perPage };
      }
      const pairs: QueryPairs = { sort: query.sort, name: query.name };
      if (query.descending) pairs.order = 'desc';
      if (query.status) pairs.status = query.status;
      return api.page<File>(`guest/folders/${folderId}/files`, pairs, page, perPage);
    },
    getFile: (ref) => api.call<File>('GET', file(ref.fileId)),
    mediaUrl: async (ref) => api.url(`${file(ref.fileId)}/media`).toString(),
    posterUrl: async (ref) => api.url(`${file(ref.fileId)}/poster`).toString(),
    // A guest's player URL is the proxy whenever the file has one (the server decides).
    proxyUrl: async (ref) => api.url(`${file(ref.fileId)}/media`).toString(),
    waveform: (ref) => api.signedJson<Waveform>(`${file(ref.fileId)}/waveform`),
    fileMetadata: (ref) => api.call<Metadata>('GET', `${file(ref.fileId)}/metadata`),

    listComments: (ref) => api.all<Comment>(`${file(ref.fileId)}/comments`),
    createComment: (ref, comment) => api.call<Comment>('POST', `${file(ref.fileId)}/comments`, comment),
    replyToComment: (ref, commentId, body) => {
      const reply: NewComment = { body };
      return api.call<Comment>('POST', `${file(ref.fileId)}/comments/${commentId}/comments`, reply);
    },
    me: async () => me,

    // A link covers every version of its files (the guest route lists them); a guest sets the
    // status when the link allows it.
    listVersions: (ref) => api.all<File>(`${file(ref.fileId)}/versions`),
    setStatus: (ref, status) =>
      link.can_set_status ? api.call<File>('PUT', `${file(ref.fileId)}/status`, { status }) : notAllowed(),
    // Nothing is new to a guest (`unseen_comments` is always 0), so there is nothing to mark.
    markSeen: async () => {},

    queueDownloads: async (_projectId, items) => {
      if (link.permission !== 'download') return notAllowed();
      for (const item of items) saveToDownloads(api.url(`${file(item.file_id)}/download`).toString(), item.name);
      return { batch: crypto.randomUUID(), transfers: [], folders_created: 0, skipped: 0 };
    },

    // What a review link does not allow.
    createProject: notAllowed,
    updateProject: notAllowed,
    deleteProject: notAllowed,
    createFolder: notAllowed,
    updateFolder: notAllowed,
    deleteFolder: notAllowed,
    updateFile: notAllowed,
    deleteFile: notAllowed,
    updateComment: notAllowed,
    exportComments: notAllowed,
    deleteComment: notAllowed,
    patchFileMetadata: notAllowed,
    retryRendition: notAllowed,
    createVersion: notAllowed,
    deleteVersion: notAllowed,
    projectActivity: notAllowed,
    folderMetadata: notAllowed,
    patchFolderMetadata: notAllowed,
    listReviewLinks: notAllowed,
    createReviewLink: notAllowed,
    revokeReviewLink: notAllowed,
    projectMembers: notAllowed,
    setProjectRole: notAllowed,
    folderMembers: notAllowed,
    setFolderRole: notAllowed,
    findUsers: notAllowed,
    createUser: notAllowed,
    myUsage: notAllowed,
    projectUsage: notAllowed,
    listApiKeys: notAllowed,
    createApiKey: notAllowed,
    deleteApiKey: notAllowed,
    listOAuthApps: notAllowed,
    createOAuthApp: notAllowed,
    updateOAuthApp: notAllowed,
    deleteOAuthApp: notAllowed,
    rotateOAuthAppSecret: notAllowed,
    generateOAuthCode: notAllowed,
    listAuthorizations: notAllowed,
    revokeAuthorization: notAllowed,
    getSettings: async () => ({ ...DEFAULT_SETTINGS, theme: 'system' }),
    setSettings: notAllowed,
    checkDownloadFolder: notAllowed,
    listTransfers: async () => [],
    pickUploads: notAllowed,
    pickFolder: notAllowed,
    checkUploads: notAllowed,
    queueUploads: notAllowed,
    uploadNewVersion: notAllowed,
    pauseTransfer: notAllowed,
    resumeTransfer: notAllowed,
    retryTransfer: notAllowed,
    cancelTransfer: notAllowed,
    moveTransfer: notAllowed,
    clearFinishedTransfers: async () => {},
    revealTransfer: notAllowed,
    openTransfer: notAllowed,
    onTransferEvent: nothingToUnsubscribe,
    onTransfersResync: nothingToUnsubscribe,
    onFileDrop: nothingToUnsubscribe,
  };
}

/** The newest version of the entry at `path` with all its bytes (the file itself when it has one). */
async function newest(api: ServerApi, path: string): Promise<File> {
  const [versions, asked] = await Promise.all([api.all<File>(`${path}/versions`).catch(() => []), api.call<File>('GET', path)]);
  return versions.find((v) => v.state === 'ready') ?? asked;
}
