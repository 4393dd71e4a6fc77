-- The media API: folder-level grants, files with their bytes and technical metadata, custom
-- metadata on files and folders, comments, and the server's own signing key. Portable like the
-- first schema (docs/architecture/database.md).

-- A role granted on a folder applies to it and every folder below it; the effective role is the
-- highest of the project role and every grant on the way up.
CREATE TABLE folder_members (
    folder_id  BIGINT NOT NULL REFERENCES folders (id) ON DELETE CASCADE,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- Denormalised from the folder so "every grant of this user in this project" is one lookup.
    project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    role       TEXT   NOT NULL CHECK (role IN ('viewer', 'commenter', 'editor', 'manager')),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (folder_id, user_id)
);
CREATE INDEX folder_members_user ON folder_members (user_id, project_id);

CREATE TABLE files (
    id           INTEGER PRIMARY KEY,
    project_id   BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    folder_id    BIGINT NOT NULL REFERENCES folders (id) ON DELETE CASCADE,
    name         TEXT   NOT NULL,
    content_type TEXT   NOT NULL,
    -- 'pending': the record exists and its bytes are not complete; 'ready': the bytes are in
    -- place, fsynced, with their size and sha256. Nothing else is ever visible.
    state        TEXT   NOT NULL CHECK (state IN ('pending', 'ready')),
    -- The size announced at creation while pending; the real size once ready.
    size         BIGINT,
    sha256       TEXT,
    -- Where the bytes live inside the data dir's media store; a new upload gets a new key, so
    -- a signed URL for old bytes never serves new ones.
    storage_key  TEXT,
    created_by   BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);
-- Names are unique in a folder; the indexes also serve each sort order of the listing.
CREATE UNIQUE INDEX files_folder_name ON files (folder_id, name);
CREATE INDEX files_folder_created ON files (folder_id, created_at, id);
CREATE INDEX files_folder_updated ON files (folder_id, updated_at, id);
CREATE INDEX files_folder_size ON files (folder_id, size, id);
CREATE INDEX files_project ON files (project_id);

-- What ffprobe found, and the poster ffmpeg made. One row per probed file.
CREATE TABLE file_media (
    file_id        BIGINT PRIMARY KEY REFERENCES files (id) ON DELETE CASCADE,
    -- Seconds.
    duration       DOUBLE PRECISION,
    -- A rational as ffprobe reports it ("24000/1001"), so drop-frame rates stay exact.
    frame_rate     TEXT,
    frames         BIGINT,
    width          BIGINT,
    height         BIGINT,
    video_codec    TEXT,
    audio_codec    TEXT,
    -- SMPTE "HH:MM:SS:FF" (";" before the frames when drop-frame).
    start_timecode TEXT,
    poster_key     TEXT,
    -- When the probe ran, and why it failed if it did (not media, unreadable).
    probed_at      BIGINT NOT NULL,
    probe_error    TEXT
);

-- Custom metadata: string keys to string values, on files and on folders.
CREATE TABLE file_metadata (
    file_id BIGINT NOT NULL REFERENCES files (id) ON DELETE CASCADE,
    key     TEXT   NOT NULL,
    value   TEXT   NOT NULL,
    PRIMARY KEY (file_id, key)
);
CREATE TABLE folder_metadata (
    folder_id BIGINT NOT NULL REFERENCES folders (id) ON DELETE CASCADE,
    key       TEXT   NOT NULL,
    value     TEXT   NOT NULL,
    PRIMARY KEY (folder_id, key)
);

-- Comments on a file, optionally on a frame or a range of frames; one level of replies.
CREATE TABLE comments (
    id         INTEGER PRIMARY KEY,
    file_id    BIGINT  NOT NULL REFERENCES files (id) ON DELETE CASCADE,
    parent_id  BIGINT  REFERENCES comments (id) ON DELETE CASCADE,
    author_id  BIGINT  REFERENCES users (id) ON DELETE SET NULL,
    body       TEXT    NOT NULL,
    frame      BIGINT,
    frame_out  BIGINT,
    resolved   BOOLEAN NOT NULL DEFAULT FALSE,
    created_at BIGINT  NOT NULL,
    updated_at BIGINT  NOT NULL
);
CREATE INDEX comments_file ON comments (file_id, created_at, id);
CREATE INDEX comments_parent ON comments (parent_id);

-- Secrets the server makes for itself on first start (the key that signs media URLs).
CREATE TABLE server_keys (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
