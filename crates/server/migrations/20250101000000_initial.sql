-- The first schema: accounts, credentials, projects, members and folders.
--
-- Portable on purpose (see docs/architecture/database.md): times are BIGINT milliseconds since
-- the Unix epoch (UTC), booleans are BOOLEAN, and the expression index on folders works on
-- SQLite and PostgreSQL alike. `INTEGER PRIMARY KEY` is SQLite's auto-assigned row id; the
-- PostgreSQL migrations use `BIGINT GENERATED ALWAYS AS IDENTITY` in its place.

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    email         TEXT    NOT NULL UNIQUE,
    name          TEXT    NOT NULL,
    -- NULL: an account that cannot sign in with a password (the desktop app's local library).
    password_hash TEXT,
    is_admin      BOOLEAN NOT NULL DEFAULT FALSE,
    active        BOOLEAN NOT NULL DEFAULT TRUE,
    created_at    BIGINT  NOT NULL,
    updated_at    BIGINT  NOT NULL
);

CREATE TABLE api_keys (
    id           INTEGER PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT   NOT NULL,
    -- The public start of the key: how a presented key is found, and how people tell keys apart.
    prefix       TEXT   NOT NULL UNIQUE,
    -- argon2id PHC string of the whole key.
    secret_hash  TEXT   NOT NULL,
    created_at   BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_at   BIGINT
);
CREATE INDEX api_keys_user ON api_keys (user_id);

-- Access and refresh tokens. They are 256-bit random strings, so a plain SHA-256 is enough to
-- store them: there is nothing to brute-force.
CREATE TABLE tokens (
    id         INTEGER PRIMARY KEY,
    kind       TEXT   NOT NULL CHECK (kind IN ('access', 'refresh')),
    token_hash TEXT   NOT NULL UNIQUE,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- Every token issued from one sign-in shares a family; reuse of a rotated refresh token
    -- revokes the whole family.
    family_id  TEXT   NOT NULL,
    -- The API key the family was obtained with, so deleting a key can revoke its tokens.
    api_key_id BIGINT REFERENCES api_keys (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    -- Refresh tokens only: when it was exchanged for a new pair.
    used_at    BIGINT,
    revoked_at BIGINT
);
CREATE INDEX tokens_family ON tokens (family_id);
CREATE INDEX tokens_api_key ON tokens (api_key_id);

CREATE TABLE projects (
    id          INTEGER PRIMARY KEY,
    name        TEXT   NOT NULL UNIQUE,
    description TEXT   NOT NULL DEFAULT '',
    created_by  BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);

CREATE TABLE project_members (
    project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role       TEXT   NOT NULL CHECK (role IN ('viewer', 'commenter', 'editor', 'manager')),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (project_id, user_id)
);
CREATE INDEX project_members_user ON project_members (user_id);

CREATE TABLE folders (
    id         INTEGER PRIMARY KEY,
    project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    parent_id  BIGINT REFERENCES folders (id) ON DELETE CASCADE,
    name       TEXT   NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
-- Sibling names are unique. NULL parents (the top of a project) compare equal through COALESCE;
-- ids start at 1, so 0 never names a real folder. The same index serves the listing, which
-- filters on the first two columns and orders by name.
CREATE UNIQUE INDEX folders_sibling_name ON folders (project_id, COALESCE(parent_id, 0), name);
CREATE INDEX folders_parent ON folders (parent_id);
