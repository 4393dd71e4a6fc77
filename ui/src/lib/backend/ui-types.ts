import type {
  Activity,
  ApiKey,
  ApprovalStatus,
  Authorization,
  Comment,
  CommentUpdate,
  CreatedReviewLink,
  CreatedApiKey,
  CreatedOAuthApp,
  CreatedUser,
  DevCode,
  ExportFormat,
  File,
  FileUpdate,
  Folder,
  FolderMember,
  FolderUpdate,
  ListQuery,
  Member,
  Metadata,
  MetadataPatch,
  NewComment,
  NewDevCode,
  NewOAuthApp,
  NewReviewLink,
  NewUser,
  NewVersion,
  OAuthApp,
  OAuthAppUpdate,
  Page,
  Project,
  ProjectUpdate,
  RenditionKind,
  ReviewLink,
  Role,
  Settings,
  StorageUsage,
  User,
  Waveform,
} from '../api-types';

/** Where a file lives: its project, its folder and its own id. */
export interface FileRef {
  readonly projectId: number;
  readonly folderId: number;
  readonly fileId: number;
}

/**
 * The body of a metadata merge patch (generated from `MetadataPatch` in Rust): a string sets
 * the key, `null` removes it, keys left out stay as they are.
 */
export type { MetadataPatch };

/**
 * What the browsing, review, members, account and settings screens ask of the Rust side. One
 * method per Tauri command; calls that act on a server take the connection last (the local
 * library when left out). Every method rejects with a `BackendError`.
 */
export interface UiBackend {
  // Browsing and organising.
  /** `update_project`: rename a project or change its description. */
  updateProject(projectId: number, update: ProjectUpdate, connection: string): Promise<Project>;
  /** `delete_project`: the project and everything in it. */
  deleteProject(projectId: number, connection: string): Promise<void>;
  /** `update_folder`: rename and/or move (`parent_id: null` is the top of the project). */
  updateFolder(projectId: number, folderId: number, update: FolderUpdate, connection: string): Promise<Folder>;
  /** `delete_folder`: the folder and everything below it. */
  deleteFolder(projectId: number, folderId: number, connection: string): Promise<void>;
  /** `list_files_page`: one page (from 1) of a folder's files, sorted and filtered by the server. */
  listFilesPage(
    projectId: number,
    folderId: number,
    query: ListQuery,
    page: number,
    perPage: number,
    connection: string,
  ): Promise<Page<File>>;
  /** `get_file`. */
  getFile(file: FileRef, connection: string): Promise<File>;
  /** `update_file`: rename and/or move to another folder of the project. */
  updateFile(file: FileRef, update: FileUpdate, connection: string): Promise<File>;
  /** `delete_file`. */
  deleteFile(file: FileRef, connection: string): Promise<void>;
  /** `media_url`: a signed, expiring URL of the bytes, for the player and images. */
  mediaUrl(file: FileRef, connection: string): Promise<string>;
  /** `poster_url`: a signed, expiring URL of the poster image. */
  posterUrl(file: FileRef, connection: string): Promise<string>;
  /**
   * `proxy_url`: a signed, expiring URL of the file's proxy (an MP4 every browser plays), once
   * its `proxy` rendition is ready. Files with no `proxy` rendition play from `mediaUrl`.
   */
  proxyUrl(file: FileRef, connection: string): Promise<string>;
  /** `file_waveform`: the peaks of the file's sound, once its `waveform` rendition is ready. */
  waveform(file: FileRef, connection: string): Promise<Waveform>;
  /** `retry_rendition`: queues a failed media job again (editors); the file with its renditions. */
  retryRendition(file: FileRef, kind: RenditionKind, connection: string): Promise<File>;

  // Review.
  /** `list_comments`: threads, replies inline. */
  listComments(file: FileRef, connection: string): Promise<Comment[]>;
  /** `create_comment`: on the whole file, a frame or `frame..=frame_out`. */
  createComment(file: FileRef, comment: NewComment, connection: string): Promise<Comment>;
  /** `reply_to_comment`. */
  replyToComment(file: FileRef, commentId: number, body: string, connection: string): Promise<Comment>;
  /** `update_comment`: edit (author only), resolve or reopen. */
  updateComment(file: FileRef, commentId: number, change: CommentUpdate, connection: string): Promise<Comment>;
  /** `delete_comment`: the comment and its replies. */
  deleteComment(file: FileRef, commentId: number, connection: string): Promise<void>;
  /**
   * `export_comments`: every thread as a CSV or an EDL of DaVinci Resolve markers, saved where
   * the person says. Resolves to the saved path in the desktop app (`null` when they cancel);
   * in the browser the download is the browser's, and it resolves to `null`.
   */
  exportComments(file: FileRef, format: ExportFormat, connection: string): Promise<string | null>;
  /** `file_metadata`. */
  fileMetadata(file: FileRef, connection: string): Promise<Metadata>;
  /** `patch_file_metadata`. */
  patchFileMetadata(file: FileRef, changes: MetadataPatch, connection: string): Promise<Metadata>;
  /** `folder_metadata`. */
  folderMetadata(projectId: number, folderId: number, connection: string): Promise<Metadata>;
  /** `patch_folder_metadata`. */
  patchFolderMetadata(
    projectId: number,
    folderId: number,
    changes: MetadataPatch,
    connection: string,
  ): Promise<Metadata>;

  // Versions, approval status and activity.
  /** `list_versions`: every version of the file's entry, newest first (any version's ref will do). */
  listVersions(file: FileRef, connection: string): Promise<File[]>;
  /**
   * `create_version`: the pending record of the entry's next version, for an upload to fill
   * (tus metadata `file_id` of the answer). The desktop app's uploads do this themselves
   * (`uploadNewVersion`); the browser app's uploads call it.
   */
  createVersion(file: FileRef, version: NewVersion, connection: string): Promise<File>;
  /** `delete_version`: this one version; rejects `conflict` when it is the entry's last. */
  deleteVersion(file: FileRef, connection: string): Promise<void>;
  /** `set_status`: this version's approval status; the file as it is now. */
  setStatus(file: FileRef, status: ApprovalStatus, connection: string): Promise<File>;
  /** `project_activity`: one page (from 1) of what happened in the project, newest first. */
  projectActivity(projectId: number, page: number, perPage: number, connection: string): Promise<Page<Activity>>;
  /** `mark_seen`: the caller opened this version; its comments are no longer new to them. */
  markSeen(file: FileRef, connection: string): Promise<void>;

  // Sharing with people who have no account.
  /** `list_review_links`: the project's review links, revoked ones included. */
  listReviewLinks(projectId: number, connection: string): Promise<ReviewLink[]>;
  /** `create_review_link`: the answer holds the link's URL (with its token), once. */
  createReviewLink(projectId: number, link: NewReviewLink, connection: string): Promise<CreatedReviewLink>;
  /** `revoke_review_link`: the link stops working at once. */
  revokeReviewLink(projectId: number, linkId: number, connection: string): Promise<void>;

  // Members and roles.
  /** `project_members`. */
  projectMembers(projectId: number, connection: string): Promise<Member[]>;
  /** `set_project_role`: `null` takes the project role away. */
  setProjectRole(projectId: number, userId: number, role: Role | null, connection: string): Promise<Member>;
  /** `folder_members`: effective roles and where they come from. */
  folderMembers(projectId: number, folderId: number, connection: string): Promise<FolderMember[]>;
  /** `set_folder_role`: `null` takes the grant on this folder away. */
  setFolderRole(
    projectId: number,
    folderId: number,
    userId: number,
    role: Role | null,
    connection: string,
  ): Promise<FolderMember | null>;
  /** `find_users`: accounts whose email contains `email` (server admins). */
  findUsers(email: string, connection: string): Promise<User[]>;
  /** `create_user`: a new account; without a password, with an invitation link (admins). */
  createUser(user: NewUser, connection: string): Promise<CreatedUser>;

  // Account.
  /** `me`: the account the connection acts as. */
  me(connection: string): Promise<User>;
  /** `my_usage`: the bytes the account holds on the server, and its per-user quota. */
  myUsage(connection: string): Promise<StorageUsage>;
  /** `project_usage`: the bytes a project's files hold on the server, and its per-project quota. */
  projectUsage(projectId: number, connection: string): Promise<StorageUsage>;
  listApiKeys(connection: string): Promise<ApiKey[]>;
  /** `create_api_key`: the secret is in the answer, once. */
  createApiKey(name: string, connection: string): Promise<CreatedApiKey>;
  deleteApiKey(keyId: number, connection: string): Promise<void>;
  listOAuthApps(connection: string): Promise<OAuthApp[]>;
  /** `create_oauth_app`: a confidential app's secret is in the answer, once. */
  createOAuthApp(app: NewOAuthApp, connection: string): Promise<CreatedOAuthApp>;
  updateOAuthApp(appId: number, update: OAuthAppUpdate, connection: string): Promise<OAuthApp>;
  deleteOAuthApp(appId: number, connection: string): Promise<void>;
  /** `rotate_oauth_app_secret`: the new secret is in the answer, once. */
  rotateOAuthAppSecret(appId: number, connection: string): Promise<CreatedOAuthApp>;
  /** `generate_oauth_code`: the development "Generate" button. */
  generateOAuthCode(appId: number, request: NewDevCode, connection: string): Promise<DevCode>;
  listAuthorizations(connection: string): Promise<Authorization[]>;
  revokeAuthorization(authorizationId: number, connection: string): Promise<void>;

  // Settings.
  /** `settings_get`. */
  getSettings(): Promise<Settings>;
  /** `settings_set`: checked first; rejects `invalid` with a message starting with the field. */
  setSettings(settings: Settings): Promise<Settings>;
  /** `check_download_folder`: rejects `invalid` with words for the person when the folder is missing or a file. */
  checkDownloadFolder(path: string): Promise<void>;
}
