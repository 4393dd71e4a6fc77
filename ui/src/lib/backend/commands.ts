// Generated from the #[tauri::command] functions in src-tauri/ by its build script. Do not edit:
// `UPDATE_BINDINGS=1 cargo test -p rushes --lib` rewrites it after a command changed.

import type { Activity, ApiKey, ApprovalStatus, Authorization, Comment, CommentUpdate, Connection, CreatedApiKey, CreatedOAuthApp, CreatedReviewLink, CreatedUser, DevCode, DownloadItem, ExportFormat, File, FileUpdate, Folder, FolderMember, FolderUpdate, LibraryStatus, ListQuery, Member, Metadata, MetadataPatch, NewComment, NewConnection, NewDevCode, NewOAuthApp, NewReviewLink, NewUser, NewVersion, OAuthApp, OAuthAppUpdate, Page, Project, ProjectUpdate, QueuedBatch, RenditionKind, ReviewLink, Role, Settings, StorageUsage, Transfer, UploadCandidate, UploadItem, User, Waveform } from '../api-types';
import { call } from './invoke';

/** The app's Tauri commands, by name, with the arguments each takes (in snake_case, as sent). */
export const commands = {
  /** The account the connection acts as. */
  me: (args: { connection: string }) => call<User>('me', args),
  /** How much storage the connection's account uses, and the server's per-user limit. */
  my_usage: (args: { connection: string }) => call<StorageUsage>('my_usage', args),
  /** How much storage a project's files take, and the server's per-project limit. */
  project_usage: (args: { connection: string; project_id: number }) => call<StorageUsage>('project_usage', args),
  /** The caller's API keys, without their secrets. */
  list_api_keys: (args: { connection: string }) => call<ApiKey[]>('list_api_keys', args),
  /** Creates an API key; its secret is in the answer, once. */
  create_api_key: (args: { connection: string; name: string }) => call<CreatedApiKey>('create_api_key', args),
  /** Deletes an API key; tokens obtained with it stop working. */
  delete_api_key: (args: { connection: string; key_id: number }) => call<void>('delete_api_key', args),
  /** The OAuth apps the caller registered. */
  list_oauth_apps: (args: { connection: string }) => call<OAuthApp[]>('list_oauth_apps', args),
  /** Registers an OAuth app; a confidential app's secret is in the answer, once. */
  create_oauth_app: (args: { connection: string; app: NewOAuthApp }) => call<CreatedOAuthApp>('create_oauth_app', args),
  /** Renames an app or replaces its redirect URIs. */
  update_oauth_app: (args: { connection: string; app_id: number; update: OAuthAppUpdate }) => call<OAuthApp>('update_oauth_app', args),
  /** Deletes an app; every token issued to it stops working. */
  delete_oauth_app: (args: { connection: string; app_id: number }) => call<void>('delete_oauth_app', args),
  /** Replaces a confidential app's secret; the new one is in the answer, once. */
  rotate_oauth_app_secret: (args: { connection: string; app_id: number }) => call<CreatedOAuthApp>('rotate_oauth_app_secret', args),
  /** The development "Generate" button: an authorization code for the caller and this app. */
  generate_oauth_code: (args: { connection: string; app_id: number; request: NewDevCode }) => call<DevCode>('generate_oauth_code', args),
  /** The apps the caller authorized. */
  list_authorizations: (args: { connection: string }) => call<Authorization[]>('list_authorizations', args),
  /** Revokes an authorization and every token it issued. */
  revoke_authorization: (args: { connection: string; authorization_id: number }) => call<void>('revoke_authorization', args),
  /** Renames a project or changes its description. */
  update_project: (args: { connection: string; project_id: number; update: ProjectUpdate }) => call<Project>('update_project', args),
  /** Deletes a project with everything in it. */
  delete_project: (args: { connection: string; project_id: number }) => call<void>('delete_project', args),
  /** Renames and/or moves a folder (`parent_id: null` moves it to the top of the project). */
  update_folder: (args: { connection: string; project_id: number; folder_id: number; update: FolderUpdate }) => call<Folder>('update_folder', args),
  /** Deletes a folder with everything below it. */
  delete_folder: (args: { connection: string; project_id: number; folder_id: number }) => call<void>('delete_folder', args),
  /** One page of the files in a folder, sorted and filtered by the server, so a folder of 100,000 files is browsed a page at a time. `per_page` is capped at the server's maximum. */
  list_files_page: (args: { connection: string; project_id: number; folder_id: number; query: ListQuery; page: number; per_page: number }) => call<Page<File>>('list_files_page', args),
  /** One file. */
  get_file: (args: { connection: string; project_id: number; folder_id: number; file_id: number }) => call<File>('get_file', args),
  /** Renames a file and/or moves it to another folder of its project. */
  update_file: (args: { connection: string; project_id: number; folder_id: number; file_id: number; update: FileUpdate }) => call<File>('update_file', args),
  /** Deletes a file and its bytes. */
  delete_file: (args: { connection: string; project_id: number; folder_id: number; file_id: number }) => call<void>('delete_file', args),
  /** A signed, expiring URL of the file's bytes, for the player. It carries its own short-lived credential (no token), which is what lets a `<video>` element fetch it with ranges. */
  media_url: (args: { connection: string; project_id: number; folder_id: number; file_id: number }) => call<string>('media_url', args),
  /** A signed, expiring URL of the file's poster image, for the grid and the player. */
  poster_url: (args: { connection: string; project_id: number; folder_id: number; file_id: number }) => call<string>('poster_url', args),
  /** A signed, expiring URL of the file's proxy (an MP4 every webview plays), for the player when the original does not play there. */
  proxy_url: (args: { connection: string; project_id: number; folder_id: number; file_id: number }) => call<string>('proxy_url', args),
  /** The file's waveform peaks, for the timeline. */
  file_waveform: (args: { connection: string; project_id: number; folder_id: number; file_id: number }) => call<Waveform>('file_waveform', args),
  /** Queues a failed media job of the file again; answers the file with its renditions. */
  retry_rendition: (args: { connection: string; project_id: number; folder_id: number; file_id: number; kind: RenditionKind }) => call<File>('retry_rendition', args),
  /** The local library first, then every server in the order it was added. */
  list_connections: () => call<Connection[]>('list_connections'),
  /** Adds a server (or signs in again to one already listed) with the chosen method. With the browser method this answers once the person has finished in the browser. */
  add_connection: (args: { connection: NewConnection }) => call<Connection>('add_connection', args),
  /** Signs in again with the browser to a server added with the browser method. */
  sign_in: (args: { id: string }) => call<Connection>('sign_in', args),
  /** Stops waiting for the browser. */
  cancel_sign_in: () => call<void>('cancel_sign_in'),
  /** Revokes the server's tokens and forgets them; the server stays in the list. */
  sign_out: (args: { id: string }) => call<Connection>('sign_out', args),
  /** Signs out and removes the server from the list. */
  remove_connection: (args: { id: string }) => call<void>('remove_connection', args),
  /** Exports a file's comments (`csv`, or `edl`: DaVinci Resolve markers) and saves them where the person chooses; the saved path, or `null` when they cancel. */
  export_comments: (args: { connection: string; project_id: number; folder_id: number; file_id: number; format: ExportFormat }) => call<string | null>('export_comments', args),
  /** Where the local library runs and how its key is kept. */
  library_status: () => call<LibraryStatus>('library_status'),
  /** Every project of a connection that the signed-in person can see. */
  list_projects: (args: { connection: string }) => call<Project[]>('list_projects', args),
  /** Creates a project; the server validates the name. */
  create_project: (args: { connection: string; name: string; description: string }) => call<Project>('create_project', args),
  /** The folders directly inside `parent_id`, or at the top of the project. */
  list_folders: (args: { connection: string; project_id: number; parent_id: number | null }) => call<Folder[]>('list_folders', args),
  /** Creates a folder; the server validates the name and rejects duplicates. */
  create_folder: (args: { connection: string; project_id: number; parent_id: number | null; name: string }) => call<Folder>('create_folder', args),
  /** Everyone with a role in the project: the project role and their folder grants. */
  project_members: (args: { connection: string; project_id: number }) => call<Member[]>('project_members', args),
  /** Gives a person a role on the whole project, or takes it away (`role: null`). */
  set_project_role: (args: { connection: string; project_id: number; user_id: number; role: Role | null }) => call<Member>('set_project_role', args),
  /** Everyone with a role on a folder: the effective role and every grant it comes from. */
  folder_members: (args: { connection: string; project_id: number; folder_id: number }) => call<FolderMember[]>('folder_members', args),
  /** Grants a role on a folder, or takes the grant on this folder away (`role: null`); answers with what the person still has there, if anything. */
  set_folder_role: (args: { connection: string; project_id: number; folder_id: number; user_id: number; role: Role | null }) => call<FolderMember | null>('set_folder_role', args),
  /** Accounts whose email contains `email` (server admins only; others get `forbidden`). */
  find_users: (args: { connection: string; email: string }) => call<User[]>('find_users', args),
  /** Creates an account (server admins). Without a password the answer carries the one-time invitation link to send the person. */
  create_user: (args: { connection: string; user: NewUser }) => call<CreatedUser>('create_user', args),
  /** Every thread on a file, replies inline. */
  list_comments: (args: { connection: string; project_id: number; folder_id: number; file_id: number }) => call<Comment[]>('list_comments', args),
  /** Starts a thread on the whole file, a frame or a range of frames. */
  create_comment: (args: { connection: string; project_id: number; folder_id: number; file_id: number; comment: NewComment }) => call<Comment>('create_comment', args),
  /** Answers a top-level comment. */
  reply_to_comment: (args: { connection: string; project_id: number; folder_id: number; file_id: number; comment_id: number; body: string }) => call<Comment>('reply_to_comment', args),
  /** Edits a comment (its author only) or resolves or reopens its thread. */
  update_comment: (args: { connection: string; project_id: number; folder_id: number; file_id: number; comment_id: number; change: CommentUpdate }) => call<Comment>('update_comment', args),
  /** Deletes a comment and its replies. */
  delete_comment: (args: { connection: string; project_id: number; folder_id: number; file_id: number; comment_id: number }) => call<void>('delete_comment', args),
  /** A file's custom pairs and technical facts. */
  file_metadata: (args: { connection: string; project_id: number; folder_id: number; file_id: number }) => call<Metadata>('file_metadata', args),
  /** Sets (a string) and removes (`null`) custom pairs of a file, leaving the others. A rename is one patch that removes the old key and sets the new one, so it happens at once. */
  patch_file_metadata: (args: { connection: string; project_id: number; folder_id: number; file_id: number; changes: MetadataPatch }) => call<Metadata>('patch_file_metadata', args),
  /** A folder's custom pairs. */
  folder_metadata: (args: { connection: string; project_id: number; folder_id: number }) => call<Metadata>('folder_metadata', args),
  /** Sets and removes custom pairs of a folder. */
  patch_folder_metadata: (args: { connection: string; project_id: number; folder_id: number; changes: MetadataPatch }) => call<Metadata>('patch_folder_metadata', args),
  /** The settings in effect. */
  settings_get: () => call<Settings>('settings_get'),
  /** Checks and saves the settings; answers with what is now in effect. A rejected value fails with `invalid` and a message that starts with the field's name. */
  settings_set: (args: { value: Settings }) => call<Settings>('settings_set', args),
  /** Whether downloads can go into `path` as it stands: fails with `invalid` and words for the person when the folder is missing (a drive not connected) or is a file. */
  check_download_folder: (args: { path: string }) => call<void>('check_download_folder', args),
  /** The project's review links, revoked ones included. */
  list_review_links: (args: { connection: string; project_id: number }) => call<ReviewLink[]>('list_review_links', args),
  /** Makes a link to a folder or a file; the answer holds its URL, once. */
  create_review_link: (args: { connection: string; project_id: number; link: NewReviewLink }) => call<CreatedReviewLink>('create_review_link', args),
  /** Revokes a link: it stops working at once. */
  revoke_review_link: (args: { connection: string; project_id: number; link_id: number }) => call<void>('revoke_review_link', args),
  /** Every transfer, in queue order, with its latest state. */
  list_transfers: () => call<Transfer[]>('list_transfers'),
  /** Asks the person for files (or folders) to upload with the system's dialog; an empty list when they cancel. */
  pick_uploads: (args: { folders: boolean }) => call<string[]>('pick_uploads', args),
  /** Asks the person for a download folder with the system's dialog; `None` when they cancel. */
  pick_folder: () => call<string | null>('pick_folder'),
  /** Looks at dropped or picked paths before anything is queued: what each would send and whether its name is already taken in the folder. */
  check_uploads: (args: { connection: string; project_id: number; folder_id: number; paths: readonly string[] }) => call<UploadCandidate[]>('check_uploads', args),
  /** Queues files and folders for upload into a folder, as one batch. Hidden files and links inside folders are left out. */
  queue_uploads: (args: { connection: string; project_id: number; folder_id: number; items: readonly UploadItem[] }) => call<QueuedBatch>('queue_uploads', args),
  /** Queues downloads of remote files into the download folder of the settings (the system's Downloads folder when none is set). */
  queue_downloads: (args: { connection: string; project_id: number; items: readonly DownloadItem[] }) => call<QueuedBatch>('queue_downloads', args),
  /** Stops a transfer, keeping what was transferred. */
  pause_transfer: (args: { id: string }) => call<void>('pause_transfer', args),
  /** Goes on with a paused transfer from where it stopped. */
  resume_transfer: (args: { id: string }) => call<void>('resume_transfer', args),
  /** Tries a failed transfer again from what was transferred. */
  retry_transfer: (args: { id: string }) => call<void>('retry_transfer', args),
  /** Stops a transfer for good and removes its unfinished traces. */
  cancel_transfer: (args: { id: string }) => call<void>('cancel_transfer', args),
  /** Moves a transfer to `index` in the queue (0 runs next). */
  move_transfer: (args: { id: string; index: number }) => call<void>('move_transfer', args),
  /** Removes done, skipped and cancelled transfers from the list. */
  clear_finished_transfers: () => call<void>('clear_finished_transfers'),
  /** Shows a transfer's local file in the file manager. */
  reveal_transfer: (args: { id: string }) => call<void>('reveal_transfer', args),
  /** Opens a finished download with the system's default application for it. */
  open_transfer: (args: { id: string }) => call<void>('open_transfer', args),
  /** Every version of the file's entry, newest first. */
  list_versions: (args: { connection: string; project_id: number; folder_id: number; file_id: number }) => call<File[]>('list_versions', args),
  /** The pending record of the entry's next version, for an upload to fill. */
  create_version: (args: { connection: string; project_id: number; folder_id: number; file_id: number; version: NewVersion }) => call<File>('create_version', args),
  /** Deletes one version; refused (`conflict`) when it is the entry's last. */
  delete_version: (args: { connection: string; project_id: number; folder_id: number; file_id: number }) => call<void>('delete_version', args),
  /** Sets a version's approval status; the file as it is now. */
  set_status: (args: { connection: string; project_id: number; folder_id: number; file_id: number; status: ApprovalStatus }) => call<File>('set_status', args),
  /** The person opened this version: its comments are no longer new to them. */
  mark_seen: (args: { connection: string; project_id: number; folder_id: number; file_id: number }) => call<void>('mark_seen', args),
  /** One page (from 1) of what happened in a project, newest first. `per_page` is capped at the server's maximum. */
  project_activity: (args: { connection: string; project_id: number; page: number; per_page: number }) => call<Page<Activity>>('project_activity', args),
} as const;
