// Generated from crates/api by `UPDATE_BINDINGS=1 cargo test -p rushes-api`. Do not edit.

export type ErrorCode = "validation_failed" | "bad_request" | "unauthorized" | "forbidden" | "not_found" | "name_taken" | "conflict" | "rate_limited" | "internal";

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

export type Project = { id: number, name: string, description: string, created_at: string, updated_at: string, };

export type NewProject = { name: string, description: string, };

export type Folder = { id: number, project_id: number, parent_id: number | null, name: string, created_at: string, updated_at: string, };

export type NewFolder = { name: string, 
/**
 * The folder to create it in; absent for the top of the project.
 */
parent_id: number | null, };

export type AppErrorCode = "invalid" | "name_taken" | "not_found" | "forbidden" | "unauthenticated" | "offline" | "keychain" | "cancelled" | "internal";

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
