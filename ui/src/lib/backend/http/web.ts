import { DEFAULT_SETTINGS, type Connection, type Settings, type WebSession } from '../../api-types';
import { BackendError } from '../errors';
import { LIBRARY, type Backend } from '../types';
import { errorOf, ServerApi } from './request';
import { saveToDownloads } from './save';
import { commentsExportPath, serverCalls } from './server';

/** Where the browser app keeps the one setting it has (the theme): this browser only. */
const THEME_KEY = 'rushes.theme';

/**
 * The backend of the browser app: the UI served by a Rushes server, talking to that server's
 * API with the session cookie its sign-in page set (and the session's CSRF token on every
 * change). Resolves to `null` when the page is not served by a Rushes server (a preview on the
 * Vite dev server); sends the browser to the sign-in page when nobody is signed in.
 *
 * `root` is the server's root URL: the page's assets sit in `<root>/assets/`.
 */
export async function webBackend(root: URL): Promise<Backend | null> {
  let response: Response;
  try {
    response = await fetch(new URL('api/session', root), { credentials: 'same-origin', headers: { accept: 'application/json' } });
  } catch {
    return null;
  }
  if (response.status === 401) {
    const here = `${window.location.pathname}${window.location.search}`;
    window.location.assign(new URL(`signin?next=${encodeURIComponent(here)}`, root));
    // The page is going away; nothing should render meanwhile.
    return new Promise<never>(() => {});
  }
  if (!response.ok || !response.headers.get('content-type')?.includes('json')) return null;
  const { data: session } = (await response.json()) as { data: WebSession };
  return browserBackend(root, session);
}

/** The browser app's backend for a signed-in `session` on the server at `root`. */
export function browserBackend(root: URL, session: WebSession): Backend {
  const api = new ServerApi(root, { kind: 'session', csrfToken: () => session.csrf_token });
  const server: Connection = {
    id: LIBRARY,
    label: root.host,
    url: root.toString(),
    method: null,
    state: { kind: 'signed_in' },
    user: { name: session.user.name, email: session.user.email },
  };
  const onlyThisServer = async (): Promise<never> => {
    throw new BackendError('invalid', `The browser app works with ${root.host} only.`);
  };
  const inTheApp = (what: string) => async (): Promise<never> => {
    throw new BackendError('invalid', `${what} is part of the desktop app.`);
  };
  const nothingToUnsubscribe = async () => () => {};

  return {
    ...serverCalls(api),
    runsIn: 'browser',
    folderArchiveUrl: (projectId, folderId) => api.url(`projects/${projectId}/folders/${folderId}/zip`).toString(),
    tus: {
      endpoint: new URL('uploads', root).toString(),
      headers: () => ({ 'X-CSRF-Token': session.csrf_token }),
    },

    // The server this page came from is the one connection, signed in by its session.
    libraryStatus: async () => ({ url: root.toString(), data_dir: '', secret_storage: { kind: 'keychain' } }),
    listConnections: async () => [server],
    addConnection: onlyThisServer,
    signIn: onlyThisServer,
    cancelSignIn: async () => {},
    removeConnection: onlyThisServer,
    onConnectionsChanged: nothingToUnsubscribe,
    signOut: async () => {
      const response = await api.send('DELETE', api.url('session'));
      if (!response.ok && response.status !== 401) throw errorOf(response.status, await response.text());
      window.location.assign(new URL('signin', root));
      return { ...server, state: { kind: 'signed_out' } };
    },

    // The theme is this browser's; the transfer settings are the desktop app's.
    getSettings: async () => ({ ...DEFAULT_SETTINGS, theme: storedTheme() }),
    setSettings: async (settings: Settings) => {
      localStorage.setItem(THEME_KEY, settings.theme);
      return { ...DEFAULT_SETTINGS, theme: settings.theme };
    },
    checkDownloadFolder: inTheApp('Choosing a download folder'),

    // Downloads go to the browser's own download manager: the file's download endpoint
    // redirects to its signed URL, and the session cookie rides along.
    queueDownloads: async (projectId, items) => {
      for (const item of items) {
        saveToDownloads(api.url(`projects/${projectId}/folders/${item.folder_id}/files/${item.file_id}/download`).toString(), item.name);
      }
      return { batch: crypto.randomUUID(), transfers: [], folders_created: 0, skipped: 0 };
    },

    // An export is a download like any other: the browser saves it under the server's name.
    exportComments: async (file, format) => {
      saveToDownloads(api.url(commentsExportPath(file, format)).toString());
      return null;
    },

    // The desktop app's transfer queue and local files do not exist in a browser.
    listTransfers: async () => [],
    pickUploads: inTheApp('Uploading from local paths'),
    pickFolder: inTheApp('Choosing a local folder'),
    checkUploads: inTheApp('Uploading from local paths'),
    queueUploads: inTheApp('Uploading from local paths'),
    uploadNewVersion: inTheApp('Uploading from local paths'),
    pauseTransfer: inTheApp('The transfer queue'),
    resumeTransfer: inTheApp('The transfer queue'),
    retryTransfer: inTheApp('The transfer queue'),
    cancelTransfer: inTheApp('The transfer queue'),
    moveTransfer: inTheApp('The transfer queue'),
    clearFinishedTransfers: async () => {},
    revealTransfer: inTheApp('Showing a file in its folder'),
    openTransfer: inTheApp('Opening a downloaded file'),
    onTransferEvent: nothingToUnsubscribe,
    onTransfersResync: nothingToUnsubscribe,
    onFileDrop: nothingToUnsubscribe,
  };
}

function storedTheme(): Settings['theme'] {
  const stored = localStorage.getItem(THEME_KEY);
  return stored === 'light' || stored === 'dark' || stored === 'system' ? stored : DEFAULT_SETTINGS.theme;
}
