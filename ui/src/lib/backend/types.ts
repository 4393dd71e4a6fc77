import type {
  Connection,
  Folder,
  GuestLink,
  LibraryStatus,
  NewConnection,
  NewFolder,
  NewProject,
  Project,
} from '../api-types';
import type { TransfersBackend } from './transfers-types';
import type { UiBackend } from './ui-types';

/** Where the browser app's uploads go: the server's tus endpoint and the headers it needs. */
export interface TusTarget {
  /** `<root>/uploads`. */
  readonly endpoint: string;
  /** The session's CSRF token: every tus request but HEAD changes something. */
  headers(): Record<string, string>;
}

/** The connection id of the local library. */
export const LIBRARY = 'local';

/**
 * Everything the UI asks of the app's Rust side. One method per Tauri command, so the same UI
 * runs against the real app (`tauriBackend`), an in-memory fake (`MemoryBackend`) in tests and
 * browser previews, or one day an HTTP server.
 *
 * Calls on a connection's projects take the connection they are for last, always: a call that
 * forgot it is a type error, not a silent request to the local library. (The in-memory fake
 * keeps a default for its own tests.) Every method rejects with a `BackendError`, never with anything else. The
 * browsing, review, members, account and settings screens' methods are in `UiBackend`, the
 * transfers' (uploads, downloads, the queue, files dropped on the window) in `TransfersBackend`.
 */
export interface Backend extends UiBackend, TransfersBackend {
  /**
   * Where the UI runs: in the desktop app (the Tauri backend, and the in-memory one standing in
   * for it), or in a browser as the server's web app, which has no connections, local folders,
   * transfer queue or transfer settings — those parts of the screens are left out there.
   */
  readonly runsIn: 'app' | 'browser';
  /**
   * The browser app's upload endpoint: files a person gives the page go up with tus from the
   * page itself. Absent in the desktop app, which uploads local paths through its engine.
   */
  readonly tus?: TusTarget;
  /**
   * The browser app's folder download: the URL of a folder as one streamed ZIP (the session
   * cookie goes with it). Absent in the desktop app, which downloads files into a folder.
   */
  folderArchiveUrl?(projectId: number, folderId: number): string;
  /**
   * A guest on a review link (the browser app at `/r/<token>`): who they said they are and what
   * the link allows. The screens leave out what it does not (managing, members, the account).
   */
  readonly guest?: { readonly name: string; readonly link: GuestLink };
  /** `library_status`: where the local library runs and how its key is kept. */
  libraryStatus(): Promise<LibraryStatus>;
  /** `list_projects`: every project of the connection. */
  listProjects(connection: string): Promise<Project[]>;
  /** `create_project`: the server validates the name. */
  createProject(project: NewProject, connection: string): Promise<Project>;
  /** `list_folders`: the folders directly inside `parentId`, or at the top of the project. */
  listFolders(projectId: number, parentId: number | null, connection: string): Promise<Folder[]>;
  /** `create_folder`: the server validates the name and rejects duplicates among siblings. */
  createFolder(projectId: number, folder: NewFolder, connection: string): Promise<Folder>;

  /** `list_connections`: the local library first, then the servers. */
  listConnections(): Promise<Connection[]>;
  /**
   * `add_connection`: checks the server and signs in (or signs in again to a server already
   * listed). With the browser method it answers once the person is done in the browser.
   */
  addConnection(connection: NewConnection): Promise<Connection>;
  /** `sign_in`: signs in again with the browser. */
  signIn(id: string): Promise<Connection>;
  /** `cancel_sign_in`: stops waiting for the browser; the waiting call rejects `cancelled`. */
  cancelSignIn(): Promise<void>;
  /** `sign_out`: revokes the tokens at the server and forgets them. */
  signOut(id: string): Promise<Connection>;
  /** `remove_connection`: signs out and removes the server from the list. */
  removeConnection(id: string): Promise<void>;
  /** Calls `listener` whenever a connection's state changes; resolves to an unsubscribe. */
  onConnectionsChanged(listener: () => void): Promise<() => void>;
}
