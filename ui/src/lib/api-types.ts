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

export type AppErrorCode = "invalid" | "name_taken" | "not_found" | "forbidden" | "unauthenticated" | "offline" | "keychain" | "internal";

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
