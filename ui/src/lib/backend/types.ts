import type {
  Folder,
  LibraryStatus,
  NewFolder,
  NewProject,
  Project,
} from '../api-types';

/**
 * Everything the UI asks of the app's Rust side. One method per Tauri command, so the same UI
 * runs against the real app (`tauriBackend`), an in-memory fake (`MemoryBackend`) in tests and
 * browser previews, or one day an HTTP server.
 *
 * Every method rejects with a `BackendError`, never with anything else.
 */
export interface Backend {
  /** `library_status`: where the local library runs and how its key is kept. */
  libraryStatus(): Promise<LibraryStatus>;
  /** `list_projects`: every project in the library. */
  listProjects(): Promise<Project[]>;
  /** `create_project`: the server validates the name. */
  createProject(project: NewProject): Promise<Project>;
  /** `list_folders`: the folders directly inside `parentId`, or at the top of the project. */
  listFolders(projectId: number, parentId: number | null): Promise<Folder[]>;
  /** `create_folder`: the server validates the name and rejects duplicates among siblings. */
  createFolder(projectId: number, folder: NewFolder): Promise<Folder>;
}
