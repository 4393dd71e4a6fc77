-- The whole schema for PostgreSQL, as the SQLite migrations in crates/server/migrations/ leave
-- it (up to 20261210000100_comment_drawings.sql). One file: no PostgreSQL database predates this
-- engine, so there is no history to replay. A later schema change adds a file here and one there,
-- under the same name. See docs/architecture/database.md.
--
-- What differs from SQLite, and only here: ids are identity columns (they never reuse an id),
-- every integer is BIGINT (the server reads them all as i64), names sort by their bytes
-- (COLLATE "C", SQLite's BINARY). Column comments are in the SQLite migrations.

CREATE TABLE users (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email           TEXT COLLATE "C" NOT NULL UNIQUE,
    name            TEXT COLLATE "C" NOT NULL,
    password_hash   TEXT,
    is_admin        BOOLEAN NOT NULL DEFAULT FALSE,
    active          BOOLEAN NOT NULL DEFAULT TRUE,
    created_at      BIGINT  NOT NULL,
    updated_at      BIGINT  NOT NULL,
    inactive_reason TEXT CHECK (inactive_reason IN ('no_roles', 'admin'))
);

CREATE TABLE api_keys (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT COLLATE "C" NOT NULL,
    prefix       TEXT   NOT NULL UNIQUE,
    secret_hash  TEXT   NOT NULL,
    created_at   BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_at   BIGINT
);
CREATE INDEX api_keys_user ON api_keys (user_id);

CREATE TABLE projects (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        TEXT COLLATE "C" NOT NULL UNIQUE,
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
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    parent_id  BIGINT REFERENCES folders (id) ON DELETE CASCADE,
    name       TEXT COLLATE "C" NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX folders_sibling_name ON folders (project_id, COALESCE(parent_id, 0), name);
CREATE INDEX folders_parent ON folders (parent_id);

CREATE TABLE oauth_apps (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    owner_id      BIGINT REFERENCES users (id) ON DELETE CASCADE,
    name          TEXT COLLATE "C" NOT NULL,
    client_id     TEXT    NOT NULL UNIQUE,
    is_public     BOOLEAN NOT NULL,
    secret_hash   TEXT,
    redirect_uris TEXT    NOT NULL,
    created_at    BIGINT  NOT NULL,
    updated_at    BIGINT  NOT NULL
);
CREATE INDEX oauth_apps_owner ON oauth_apps (owner_id);

-- The desktop app: a public client that proves itself with PKCE.
INSERT INTO oauth_apps (owner_id, name, client_id, is_public, secret_hash, redirect_uris, created_at, updated_at)
VALUES (NULL, 'Rushes desktop app', 'rushes-desktop', TRUE, NULL,
        '["rushes://oauth/callback","http://127.0.0.1/oauth/callback"]', 0, 0);

CREATE TABLE tokens (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind         TEXT   NOT NULL CHECK (kind IN ('access', 'refresh')),
    token_hash   TEXT   NOT NULL UNIQUE,
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    family_id    TEXT   NOT NULL,
    api_key_id   BIGINT REFERENCES api_keys (id) ON DELETE CASCADE,
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    used_at      BIGINT,
    revoked_at   BIGINT,
    oauth_app_id BIGINT REFERENCES oauth_apps (id) ON DELETE CASCADE
);
CREATE INDEX tokens_family ON tokens (family_id);
CREATE INDEX tokens_api_key ON tokens (api_key_id);
CREATE INDEX tokens_oauth_app ON tokens (oauth_app_id, user_id);

CREATE TABLE oauth_codes (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code_hash      TEXT   NOT NULL UNIQUE,
    app_id         BIGINT NOT NULL REFERENCES oauth_apps (id) ON DELETE CASCADE,
    user_id        BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    redirect_uri   TEXT   NOT NULL,
    code_challenge TEXT,
    family_id      TEXT   NOT NULL,
    created_at     BIGINT NOT NULL,
    expires_at     BIGINT NOT NULL,
    used_at        BIGINT
);

CREATE TABLE oauth_authorizations (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    app_id     BIGINT NOT NULL REFERENCES oauth_apps (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    UNIQUE (user_id, app_id)
);

CREATE TABLE oauth_sessions (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    token_hash TEXT   NOT NULL UNIQUE,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);

CREATE TABLE folder_members (
    folder_id  BIGINT NOT NULL REFERENCES folders (id) ON DELETE CASCADE,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    role       TEXT   NOT NULL CHECK (role IN ('viewer', 'commenter', 'editor', 'manager')),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (folder_id, user_id)
);
CREATE INDEX folder_members_user ON folder_members (user_id, project_id);
CREATE INDEX folder_members_project ON folder_members (project_id);

CREATE TABLE review_links (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id    BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    folder_id     BIGINT REFERENCES folders (id) ON DELETE CASCADE,
    file_id       BIGINT,
    token_hash    TEXT   NOT NULL UNIQUE,
    permission    TEXT   NOT NULL CHECK (permission IN ('view', 'comment', 'download')),
    password_hash TEXT,
    label         TEXT   NOT NULL,
    expires_at    BIGINT,
    created_by    BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    revoked_at    BIGINT,
    revoked_by    BIGINT REFERENCES users (id) ON DELETE SET NULL,
    can_set_status BOOLEAN NOT NULL DEFAULT FALSE,
    CHECK ((folder_id IS NULL) <> (file_id IS NULL))
);
CREATE INDEX review_links_project ON review_links (project_id, id);

CREATE TABLE files (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id        BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    folder_id         BIGINT NOT NULL REFERENCES folders (id) ON DELETE CASCADE,
    name              TEXT COLLATE "C" NOT NULL,
    content_type      TEXT   NOT NULL,
    state             TEXT   NOT NULL CHECK (state IN ('pending', 'ready')),
    size              BIGINT,
    sha256            TEXT,
    storage_key       TEXT,
    created_by        BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at        BIGINT NOT NULL,
    updated_at        BIGINT NOT NULL,
    stack_id          BIGINT NOT NULL DEFAULT 0,
    version           BIGINT NOT NULL DEFAULT 1,
    head              BOOLEAN NOT NULL DEFAULT TRUE,
    status            TEXT   NOT NULL DEFAULT 'none',
    status_by         BIGINT REFERENCES users (id) ON DELETE SET NULL,
    status_guest_name TEXT,
    status_link_id    BIGINT REFERENCES review_links (id) ON DELETE SET NULL,
    status_at         BIGINT
);
CREATE UNIQUE INDEX files_folder_name ON files (folder_id, name) WHERE head;
CREATE INDEX files_folder_created ON files (folder_id, created_at, id) WHERE head;
CREATE INDEX files_folder_updated ON files (folder_id, updated_at, id) WHERE head;
CREATE INDEX files_folder_size ON files (folder_id, size, id) WHERE head;
CREATE INDEX files_project ON files (project_id);
CREATE UNIQUE INDEX files_stack_version ON files (stack_id, version);

-- review_links and files refer to each other; the link's side is added once both exist.
ALTER TABLE review_links
    ADD FOREIGN KEY (file_id) REFERENCES files (id) ON DELETE CASCADE;

CREATE TABLE file_media (
    file_id        BIGINT PRIMARY KEY REFERENCES files (id) ON DELETE CASCADE,
    duration       DOUBLE PRECISION,
    frame_rate     TEXT,
    frames         BIGINT,
    width          BIGINT,
    height         BIGINT,
    video_codec    TEXT,
    audio_codec    TEXT,
    start_timecode TEXT,
    poster_key     TEXT,
    probed_at      BIGINT NOT NULL,
    probe_error    TEXT,
    sample_rate    BIGINT,
    audio_channels BIGINT,
    start_seconds  DOUBLE PRECISION
);

CREATE TABLE file_metadata (
    file_id BIGINT NOT NULL REFERENCES files (id) ON DELETE CASCADE,
    key     TEXT COLLATE "C" NOT NULL,
    value   TEXT   NOT NULL,
    PRIMARY KEY (file_id, key)
);
CREATE TABLE folder_metadata (
    folder_id BIGINT NOT NULL REFERENCES folders (id) ON DELETE CASCADE,
    key       TEXT COLLATE "C" NOT NULL,
    value     TEXT   NOT NULL,
    PRIMARY KEY (folder_id, key)
);

CREATE TABLE comments (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    file_id    BIGINT  NOT NULL REFERENCES files (id) ON DELETE CASCADE,
    parent_id  BIGINT  REFERENCES comments (id) ON DELETE CASCADE,
    author_id  BIGINT  REFERENCES users (id) ON DELETE SET NULL,
    body       TEXT    NOT NULL,
    frame      BIGINT,
    frame_out  BIGINT,
    resolved   BOOLEAN NOT NULL DEFAULT FALSE,
    created_at BIGINT  NOT NULL,
    updated_at BIGINT  NOT NULL,
    guest_name TEXT,
    link_id    BIGINT REFERENCES review_links (id) ON DELETE SET NULL,
    drawing    TEXT
);
CREATE INDEX comments_file ON comments (file_id, created_at, id);
CREATE INDEX comments_parent ON comments (parent_id);

CREATE TABLE server_keys (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE uploads (
    id            TEXT    PRIMARY KEY,
    user_id       BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind          TEXT    NOT NULL CHECK (kind IN ('single', 'partial', 'final')),
    file_id       BIGINT  REFERENCES files (id) ON DELETE CASCADE,
    created_file  BOOLEAN NOT NULL DEFAULT FALSE,
    upload_length BIGINT,
    upload_offset BIGINT  NOT NULL DEFAULT 0,
    metadata      TEXT    NOT NULL DEFAULT '',
    concat_parts  TEXT,
    sha256        TEXT,
    finished_at   BIGINT,
    created_at    BIGINT  NOT NULL,
    expires_at    BIGINT  NOT NULL,
    commit_key    TEXT,
    commit_size   BIGINT,
    commit_sha256 TEXT
);
CREATE INDEX uploads_expires ON uploads (expires_at);
CREATE INDEX uploads_file ON uploads (file_id);

CREATE TABLE invitations (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash TEXT   NOT NULL UNIQUE,
    created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT
);
CREATE INDEX invitations_user ON invitations (user_id);

CREATE TABLE web_sessions (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    token_hash   TEXT   NOT NULL UNIQUE,
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token   TEXT   NOT NULL,
    created_at   BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL
);
CREATE INDEX web_sessions_user ON web_sessions (user_id);

CREATE TABLE guest_sessions (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    token_hash   TEXT   NOT NULL UNIQUE,
    link_id      BIGINT NOT NULL REFERENCES review_links (id) ON DELETE CASCADE,
    guest_name   TEXT   NOT NULL,
    csrf_token   TEXT   NOT NULL,
    created_at   BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL
);
CREATE INDEX guest_sessions_link ON guest_sessions (link_id);

CREATE TABLE media_jobs (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    file_id     BIGINT NOT NULL REFERENCES files (id) ON DELETE CASCADE,
    storage_key TEXT   NOT NULL,
    kind        TEXT   NOT NULL CHECK (kind IN ('probe', 'proxy', 'waveform')),
    state       TEXT   NOT NULL CHECK (state IN ('queued', 'running', 'ready', 'failed')),
    priority    BIGINT NOT NULL,
    percent     BIGINT NOT NULL DEFAULT 0,
    error_code  TEXT,
    error       TEXT,
    output_key  TEXT,
    attempts    BIGINT NOT NULL DEFAULT 0,
    created_at  BIGINT NOT NULL,
    started_at  BIGINT,
    finished_at BIGINT,
    UNIQUE (file_id, kind)
);
CREATE INDEX media_jobs_queue ON media_jobs (state, priority, id);

CREATE TABLE activity (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    kind       TEXT   NOT NULL,
    actor_id   BIGINT REFERENCES users (id) ON DELETE SET NULL,
    guest_name TEXT,
    link_id    BIGINT REFERENCES review_links (id) ON DELETE SET NULL,
    file_id    BIGINT NOT NULL,
    stack_id   BIGINT NOT NULL,
    folder_id  BIGINT NOT NULL,
    file_name  TEXT COLLATE "C" NOT NULL,
    version    BIGINT NOT NULL,
    comment_id BIGINT,
    excerpt    TEXT,
    status     TEXT,
    at         BIGINT NOT NULL
);
CREATE INDEX activity_project ON activity (project_id, id DESC);
CREATE INDEX activity_stack ON activity (stack_id, id);

CREATE TABLE file_visits (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    file_id BIGINT NOT NULL REFERENCES files (id) ON DELETE CASCADE,
    seen_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, file_id)
);
CREATE INDEX file_visits_file ON file_visits (file_id);
