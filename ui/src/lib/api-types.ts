// Generated from crates/api by `UPDATE_BINDINGS=1 cargo test -p rushes-api`. Do not edit.

export type ErrorCode = "validation_failed" | "bad_request" | "unauthorized" | "forbidden" | "not_found" | "name_taken" | "conflict" | "rate_limited" | "link_expired" | "offset_mismatch" | "checksum_mismatch" | "upload_expired" | "upload_locked" | "not_pending" | "quota_exceeded" | "disk_full" | "internal";

export type ErrorEnvelope = { status: number, status_message: string, error: { [key in string]?: Array<string> }, code: ErrorCode, };

export type Envelope<T> = { status: number, status_message: string, 
/**
 * Free text for people; empty unless the server has something to say.
 */
info: string, data: T, };

export type ApiKey = { id: number, name: string, 
/**
 * The first characters of the key, so a person can tell keys apart.
 */
prefix: string, created_at: string, last_used_at: string | null, };

export type User = { id: number, email: string, name: string, 
/**
 * Server admins manage users and every project.
 */
is_admin: boolean, 
/**
 * A user without any role is deactivated and cannot sign in.
 */
active: boolean, created_at: string, };

export type StorageUsage = { used_bytes: number, 
/**
 * `None` (JSON `null`): no limit on this server.
 */
limit_bytes: number | null, };

export type Project = { id: number, name: string, description: string, created_at: string, updated_at: string, };

export type NewProject = { name: string, description: string, };

export type Folder = { id: number, project_id: number, parent_id: number | null, name: string, created_at: string, updated_at: string, };

export type NewFolder = { name: string, 
/**
 * The folder to create it in; absent for the top of the project.
 */
parent_id: number | null, };

export type FolderUpdate = { name?: string, parent_id?: number | null, };

export type ProjectUpdate = { name?: string, description?: string, };

export type FileState = "pending" | "ready";

export type RenditionKind = "probe" | "proxy" | "waveform";

export type RenditionState = "queued" | "running" | "ready" | "failed";

export type RenditionError = "not_media" | "no_tools" | "timed_out" | "failed";

export type Rendition = { kind: RenditionKind, state: RenditionState, 
/**
 * 0–100 while running (from ffmpeg's progress), 100 when ready.
 */
percent: number, error_code: RenditionError | null, 
/**
 * ffmpeg's own words when it failed.
 */
error: string | null, };

export type Waveform = { 
/**
 * The format's version: 2.
 */
version: number, 
/**
 * How many channels `data` interleaves: 1 (the channels are mixed).
 */
channels: number, 
/**
 * Samples per second of the sound the peaks were taken from.
 */
sample_rate: number, 
/**
 * How many samples each min/max pair covers.
 */
samples_per_pixel: number, 
/**
 * Bits per value: 8, so values are -128..=127.
 */
bits: number, 
/**
 * How many min/max pairs `data` holds.
 */
length: number, 
/**
 * `[min0, max0, min1, max1, …]`.
 */
data: Array<number>, };

export type ApprovalStatus = "none" | "needs_review" | "in_progress" | "changes_requested" | "approved";

export type StatusUpdate = { status: ApprovalStatus, };

export type DrawTool = "pen" | "line" | "arrow" | "rectangle" | "ellipse";

export type Shape = { tool: DrawTool, 
/**
 * `#rrggbb`.
 */
color: string, 
/**
 * Stroke width as a fraction of the picture's height, [`MIN_WIDTH`] to [`MAX_WIDTH`].
 */
width: number, 
/**
 * `[x, y]` pairs, each from 0 to 1.
 */
points: Array<[number, number]>, };

export type Drawing = { shapes: Array<Shape>, };

export type File = { id: number, project_id: number, folder_id: number, name: string, content_type: string, state: FileState, 
/**
 * Bytes: announced at creation while pending, exact once ready.
 */
size: number | null, 
/**
 * Lower-case hex SHA-256 of the bytes, once ready. Also the media URL's `ETag`.
 */
sha256: string | null, 
/**
 * Whether a poster image exists (`GET .../files/{id}/poster`).
 */
has_poster: boolean, 
/**
 * The media jobs of the current bytes and their results: the probe first, then the proxy
 * (only when the original does not play in browsers) and the waveform (when there is
 * sound). Empty until the bytes are complete.
 */
renditions: Array<Rendition>, 
/**
 * The entry this version belongs to: the id of its first version, the same for every
 * version of the entry (and the file's own id while it has one version).
 */
stack_id: number, 
/**
 * This version's number, from 1.
 */
version: number, 
/**
 * How many versions the entry has with complete bytes (listings show the newest).
 */
version_count: number, 
/**
 * This version's approval status.
 */
status: ApprovalStatus, 
/**
 * Who set the status; `null` while it is `none` or once that account is gone.
 */
status_set_by: CommentAuthor | null, 
/**
 * When the status was set; `null` while it is `none`.
 */
status_set_at: string | null, 
/**
 * Comments and replies on this version by others since the caller last opened it
 * (`POST .../files/{id}/seen`); every one of them before the first visit. Always 0 for
 * guests.
 */
unseen_comments: number, created_by: number | null, created_at: string, updated_at: string, };

export type NewVersion = { 
/**
 * The size the upload will have, if known.
 */
size: number | null, 
/**
 * A MIME type; the entry's when absent.
 */
content_type: string | null, };

export type NewFile = { name: string, 
/**
 * The size the upload will have, if known.
 */
size: number | null, 
/**
 * A MIME type; guessed from the name when absent.
 */
content_type: string | null, };

export type FileUpdate = { name?: string, folder_id?: number, };

export type Metadata = { 
/**
 * Custom key -> value pairs, sorted by key.
 */
custom: { [key in string]?: string }, 
/**
 * What the server knows about a file's bytes; `null` for folders. Every field is `null`
 * until it is known (a pending upload, a file that is not media, a probe that has not run).
 */
technical: TechnicalMetadata | null, };

export type TechnicalMetadata = { 
/**
 * Bytes.
 */
size: number | null, 
/**
 * Lower-case hex SHA-256 of the bytes.
 */
sha256: string | null, 
/**
 * Seconds.
 */
duration: number | null, 
/**
 * Frames per second as the rational the probe reported ("24000/1001"), exact for
 * drop-frame rates; timecode maths should use this.
 */
framerate: string | null, 
/**
 * `framerate` as a number (23.976...), for display.
 */
fps: number | null, 
/**
 * How many frames the video has; comment frames are numbered `0..frames`.
 */
frames: number | null, width: number | null, height: number | null, video_codec: string | null, audio_codec: string | null, 
/**
 * Where the file starts on the time-of-day clock, as text. For a picture, its SMPTE start
 * timecode "HH:MM:SS:FF" (";" before the frames when drop-frame). For a sound-only
 * Broadcast WAV file, its time reference as "HH:MM:SS.mmm" (to the millisecond): sound has
 * no frames, and writing it as SMPTE would invent a frame rate the file does not have.
 */
start_timecode: string | null, 
/**
 * The same start in seconds since midnight, for lining up picture and separately recorded
 * sound: the timecode's frame count times the real frame duration (what sound recorders
 * write, so 01:00:00:00 at 23.976 fps is 3603.6), or a BWF file's time reference over its
 * sample rate.
 */
start_seconds: number | null, 
/**
 * Hertz, of the first sound stream.
 */
sample_rate: number | null, 
/**
 * Sound channels in all sound streams together (cameras often record each channel as a
 * mono stream of its own).
 */
audio_channels: number | null, };

export type MetadataPatch = Record<string, string | null>;

export type Comment = { id: number, file_id: number, 
/**
 * The comment this one answers; `null` for a top-level comment.
 */
parent_id: number | null, body: string, 
/**
 * The first frame it is about (counting from 0); `null` for the whole file.
 */
frame: number | null, 
/**
 * The last frame of a range (inclusive); `null` for a single frame or the whole file.
 */
frame_out: number | null, 
/**
 * Whether the thread is done with. Always `false` on replies.
 */
resolved: boolean, 
/**
 * Shapes drawn on the frame (top-level comments on a frame or range only).
 */
drawing: Drawing | null, 
/**
 * Written by someone else after the caller last opened the file: new to them. Always
 * `false` for guests.
 */
unseen: boolean, 
/**
 * Who wrote it; `null` once that account is gone.
 */
author: CommentAuthor | null, created_at: string, updated_at: string, 
/**
 * Replies, oldest first.
 */
replies: Array<Comment>, };

export type CommentAuthor = { 
/**
 * The account; `null` for a guest.
 */
id: number | null, name: string, 
/**
 * The account's email; `null` for a guest, and in what guests are shown.
 */
email: string | null, 
/**
 * Written by a guest of a review link, who has no account.
 */
guest: boolean, 
/**
 * The review link the guest came through; `null` for a team member.
 */
link_id: number | null, };

export type NewComment = { body: string, frame?: number | null, frame_out?: number | null, 
/**
 * Shapes drawn on `frame` (which it then needs); never on a reply.
 */
drawing?: Drawing, };

export type CommentUpdate = { body?: string, frame?: number | null, frame_out?: number | null, resolved?: boolean, 
/**
 * A new drawing, or `null` to remove it.
 */
drawing?: Drawing | null, };

export type ExportFormat = "csv" | "edl";

export type ActivityKind = "upload" | "new_version" | "comment" | "reply" | "status_change";

export type Activity = { 
/**
 * Increasing: the desktop app asks for what came after the last id it saw.
 */
id: number, project_id: number, kind: ActivityKind, 
/**
 * Who did it: a member or a review link's guest; `null` once that account is gone.
 */
actor: CommentAuthor | null, 
/**
 * The file (the version's own id).
 */
file_id: number, 
/**
 * The file's folder, to open it from the list.
 */
folder_id: number, 
/**
 * The file's name when it happened.
 */
file_name: string, 
/**
 * The version it happened to.
 */
version: number, 
/**
 * The comment or reply, for those kinds.
 */
comment_id: number | null, 
/**
 * The start of the comment's text (at most 200 characters), for those kinds.
 */
excerpt: string | null, 
/**
 * The new status, for a status change.
 */
status: ApprovalStatus | null, at: string, };

export type Role = "viewer" | "commenter" | "editor" | "manager";

export type SortKey = "name" | "created_at" | "updated_at" | "size";

export type ListQuery = { sort?: SortKey, 
/**
 * Newest, largest or last first.
 */
descending: boolean, 
/**
 * Only names containing this, ignoring case.
 */
name?: string, 
/**
 * Files only: only versions with this approval status.
 */
status?: ApprovalStatus, };

export type PageQuery = { 
/**
 * The page, counting from 1.
 */
page: number | null, 
/**
 * Items per page, at most 500; larger values are rejected, not clamped.
 */
per_page: number | null, };

export type NewUser = { email: string, 
/**
 * Defaults to the part of the email before `@`.
 */
name?: string, password?: string, is_admin: boolean, };

export type UserUpdate = { name?: string, email?: string, password?: string, is_admin?: boolean, 
/**
 * `false` signs the user out everywhere (every token is revoked) and refuses sign-in until
 * an admin sets it back to `true`.
 */
active?: boolean, };

export type CreatedUser = { user: User, 
/**
 * The invitation link, shown only in this answer (the server keeps only its hash). It works
 * once, until `invitation_expires_at`. `null` when a password was given.
 */
invitation_url: string | null, invitation_expires_at: string | null, };

export type MemberUser = { id: number, name: string, email: string, };

export type FolderGrant = { folder_id: number, folder_name: string, role: Role, };

export type Member = { user: MemberUser, 
/**
 * The role on the whole project; `null` when they only have folder grants.
 */
role: Role | null, 
/**
 * Their grants on folders of the project.
 */
folders: Array<FolderGrant>, };

export type RoleUpdate = { role: Role | null, };

export type RoleSource = { folder_id: number | null, 
/**
 * The folder's name; `null` for the project.
 */
folder_name: string | null, role: Role, };

export type FolderMember = { user: MemberUser, role: Role, sources: Array<RoleSource>, };

export type UserGrant = { project_id: number, folder_id: number | null, role: Role, };

export type AppErrorCode = "invalid" | "name_taken" | "not_found" | "forbidden" | "conflict" | "unauthenticated" | "offline" | "keychain" | "cancelled" | "disk_full" | "quota_exceeded" | "internal";

export type AppError = { code: AppErrorCode, message: string, };

export type SecretStorage = { "kind": "keychain" } | { "kind": "fallback_file", path: string, reason: string, };

export type LibraryStatus = { 
/**
 * Base URL of the in-process server (loopback, free port).
 */
url: string, 
/**
 * Where the library keeps its database and media.
 */
data_dir: string, secret_storage: SecretStorage, };

export type SignInMethod = "browser" | "api_key" | "client_credentials";

export type ConnectionState = { "kind": "signed_in" } | { "kind": "signed_out" } | { "kind": "sign_in_required", reason: string, };

export type ConnectionUser = { name: string, email: string, };

export type Connection = { 
/**
 * `local` for the local library, otherwise a random id given when the server was added.
 */
id: string, label: string, 
/**
 * The server's base URL.
 */
url: string, 
/**
 * `None` for the local library, which signs itself in.
 */
method: SignInMethod | null, state: ConnectionState, user: ConnectionUser | null, };

export type NewConnection = { url: string, credentials: NewCredentials, };

export type NewCredentials = { "method": "browser" } | { "method": "api_key", api_key: string, } | { "method": "client_credentials", client_id: string, client_secret: string, username: string, password: string, };

export type TransferDirection = "upload" | "download";

export type TransferState = "queued" | "sending" | "finalising" | "verifying" | "done" | "paused" | "failed" | "cancelled" | "skipped";

export type OnConflict = "keep_both" | "replace" | "skip" | "new_version";

export type Transfer = { id: string, direction: TransferDirection, 
/**
 * The connection (server) it belongs to.
 */
connection: string, 
/**
 * The file's name at the target.
 */
name: string, 
/**
 * The local file: the source of an upload, the destination of a download.
 */
local_path: string, project_id: number, folder_id: number, 
/**
 * The remote file, once known.
 */
file_id: number | null, 
/**
 * Total bytes, once known.
 */
size: number | null, state: TransferState, 
/**
 * Bytes done (committed by the server for uploads, written for downloads).
 */
done: number, 
/**
 * Bytes per second, smoothed; 0 when not moving.
 */
rate: number, 
/**
 * Seconds left at the current rate, when moving.
 */
eta_secs: number | null, 
/**
 * Why it failed.
 */
error: AppError | null, 
/**
 * Transfers queued together (a drop, a folder) share a batch.
 */
batch: string, on_conflict: OnConflict, };

export type TransferProgress = { id: string, done: number, size: number | null, rate: number, eta_secs: number | null, };

export type TransferEvent = { "kind": "changed", transfer: Transfer, } | { "kind": "progress", progress: TransferProgress, } | { "kind": "removed", id: string, } | { "kind": "batch_finished", batch: string, done: number, failed: number, };

export type TransferLimits = { 
/**
 * Transfers running at once (at least 1).
 */
concurrency: number, 
/**
 * Bytes per second over all transfers; `None` for no limit.
 */
bandwidth: number | null, };

export type UploadCandidate = { 
/**
 * The local path as given.
 */
path: string, 
/**
 * The name it would get at the target (the file or folder name).
 */
name: string, 
/**
 * A folder: its tree is recreated inside the target.
 */
is_dir: boolean, 
/**
 * Bytes of a file; for a folder, of every file it would send (hidden files and links
 * left out).
 */
size: number, 
/**
 * Files a folder would send (1 for a file).
 */
files: number, 
/**
 * A file or folder of this name is already in the target folder.
 */
exists: boolean, };

export type UploadItem = { path: string, on_conflict: OnConflict, 
/**
 * Upload this file as the next version of that file (a file dropped on a file's row),
 * whatever its name: the entry keeps its name and gains a version. `on_conflict` does not
 * apply then.
 */
version_of?: number | null, };

export type DownloadItem = { folder_id: number, file_id: number, name: string, };

export type QueuedBatch = { 
/**
 * Shared by every transfer queued here; the app says when the batch finishes.
 */
batch: string, transfers: Array<Transfer>, 
/**
 * Remote folders made to hold dropped folders.
 */
folders_created: number, 
/**
 * Local files left out (hidden files and links inside dropped folders).
 */
skipped: number, };

export type Page<T> = { items: Array<T>, 
/**
 * Items over all pages (the `Total` header).
 */
total: number, page: number, per_page: number, };

export type CreatedApiKey = { secret: string, id: number, name: string, 
/**
 * The first characters of the key, so a person can tell keys apart.
 */
prefix: string, created_at: string, last_used_at: string | null, };

export type RedirectUri = { uri: string, authorize_url: string, };

export type OAuthApp = { id: number, name: string, client_id: string, 
/**
 * Public apps (desktop, mobile, browser) have no secret and must use PKCE.
 */
public: boolean, redirect_uris: Array<RedirectUri>, created_at: string, updated_at: string, };

export type NewOAuthApp = { name: string, redirect_uris: Array<string>, public: boolean, };

export type OAuthAppUpdate = { name?: string, redirect_uris?: Array<string>, };

export type CreatedOAuthApp = { client_secret: string | null, id: number, name: string, client_id: string, 
/**
 * Public apps (desktop, mobile, browser) have no secret and must use PKCE.
 */
public: boolean, redirect_uris: Array<RedirectUri>, created_at: string, updated_at: string, };

export type Authorization = { id: number, app_name: string, client_id: string, created_at: string, };

export type NewDevCode = { redirect_uri?: string, };

export type DevCode = { code: string, redirect_uri: string, 
/**
 * Seconds until the code expires.
 */
expires_in: number, };

export type Theme = "dark" | "light" | "system";

export type Settings = { 
/**
 * Where downloads go; `null` means the system's Downloads folder.
 */
download_dir: string | null, 
/**
 * Uploads and downloads running at once, together (1 to [`MAX_CONCURRENCY`]).
 */
concurrency: number, 
/**
 * Bytes per second over all transfers; `null` means unlimited.
 */
bandwidth_limit: number | null, theme: Theme, };

export type WebSession = { user: User, csrf_token: string, };

export type ReviewPermission = "view" | "comment" | "download";

export type ReviewLinkKind = "folder" | "file";

export type ReviewLink = { id: number, project_id: number, kind: ReviewLinkKind, 
/**
 * The shared folder; `null` for a file link.
 */
folder_id: number | null, 
/**
 * The shared file; `null` for a folder link.
 */
file_id: number | null, permission: ReviewPermission, 
/**
 * Whether guests may set a version's approval status (with at least `comment`).
 */
can_set_status: boolean, 
/**
 * Whether a guest must give a password.
 */
has_password: boolean, label: string, 
/**
 * When the link stops working; `null`: never.
 */
expires_at: string | null, 
/**
 * Who made it; `null` once that account is gone.
 */
created_by: number | null, created_at: string, 
/**
 * When it was revoked; `null` while it is not. A revoked link stays listed.
 */
revoked_at: string | null, 
/**
 * Who revoked it.
 */
revoked_by: number | null, };

export type NewReviewLink = { folder_id?: number, file_id?: number, permission: ReviewPermission, 
/**
 * Whether guests may set approval status; needs at least `comment`. `false` when left out.
 */
can_set_status?: boolean, 
/**
 * A password guests must give; none when left out.
 */
password?: string, 
/**
 * When the link stops working; never when left out.
 */
expires_at?: string, label?: string, };

export type CreatedReviewLink = { link: ReviewLink, 
/**
 * `<public url>/r/<token>`, to send to the guests.
 */
url: string, };

export type ReviewLinkUpdate = { label?: string, permission?: ReviewPermission, can_set_status?: boolean, expires_at?: string | null, password?: string | null, };

export type NewGuestSession = { token: string, 
/**
 * How the team will see the guest's comments; 1 to 100 characters.
 */
name: string, password?: string, };

export type GuestLink = { label: string, permission: ReviewPermission, 
/**
 * Whether the guest may set approval status.
 */
can_set_status: boolean, project_name: string, kind: ReviewLinkKind, 
/**
 * The shared folder or file: where the guest starts.
 */
root_id: number, root_name: string, };

export type GuestSession = { link: GuestLink, guest_name: string, csrf_token: string, };

/** The longest name of a project, folder or file, in UTF-8 bytes. */
export const MAX_NAME_BYTES = 255;

/** The longest project description, in UTF-8 bytes. */
export const MAX_DESCRIPTION_BYTES = 4096;

/** The largest page a list endpoint answers. */
export const MAX_PER_PAGE = 500;

/** What the UI makes of each error code of the HTTP API (the app's client maps them the same way). */
export const APP_ERROR_CODES: Readonly<Record<ErrorCode, AppErrorCode>> = Object.freeze({"bad_request":"invalid","checksum_mismatch":"internal","conflict":"conflict","disk_full":"internal","forbidden":"forbidden","internal":"internal","link_expired":"internal","name_taken":"name_taken","not_found":"not_found","not_pending":"conflict","offset_mismatch":"conflict","quota_exceeded":"quota_exceeded","rate_limited":"internal","unauthorized":"unauthenticated","upload_expired":"not_found","upload_locked":"conflict","validation_failed":"invalid"});

/** The most transfers at once. */
export const MAX_CONCURRENCY = 16;

/** The lowest bandwidth limit, in bytes per second. */
export const MIN_BANDWIDTH_LIMIT = 16384;

/** What the app starts with. */
export const DEFAULT_SETTINGS: Settings = Object.freeze({"download_dir":null,"concurrency":4,"bandwidth_limit":null,"theme":"dark"});

/** The event carrying a `TransferEvent`. */
export const TRANSFER_EVENT = "transfer-event";

/** The event saying events were lost: list the transfers again. */
export const TRANSFERS_RESYNC = "transfers-resync";

/** The event saying a connection signed in or out or needs sign-in again. */
export const CONNECTIONS_CHANGED = "connections-changed";
