-- The transfer queue: every upload and download the person queued, until they clear it.
CREATE TABLE transfers (
    id              TEXT PRIMARY KEY,
    -- Queue order: lower runs first. Reordering rewrites it.
    position        INTEGER NOT NULL,
    direction       TEXT NOT NULL CHECK (direction IN ('upload', 'download')),
    connection      TEXT NOT NULL,
    state           TEXT NOT NULL,
    error_code      TEXT,
    error_message   TEXT,
    batch           TEXT NOT NULL,
    on_conflict     TEXT NOT NULL,
    local_path      TEXT NOT NULL,
    project_id      INTEGER NOT NULL,
    folder_id       INTEGER NOT NULL,
    file_id         INTEGER,
    name            TEXT NOT NULL,
    size            INTEGER,
    -- The source's size and modification time (ns) when the upload started: a source that
    -- changed since restarts cleanly instead of mixing old and new bytes.
    source_mtime_ns INTEGER,
    -- Path of the upload at the server (`/uploads/...`), resolved against the connection's
    -- current address so a moved local library still resumes.
    upload_path     TEXT,
    sha256          TEXT,
    done            INTEGER NOT NULL DEFAULT 0,
    created_at      TEXT NOT NULL
);

CREATE INDEX transfers_by_position ON transfers (position);

-- The partial uploads of a large upload, joined by tus concatenation at the end.
CREATE TABLE transfer_parts (
    transfer_id TEXT NOT NULL REFERENCES transfers (id) ON DELETE CASCADE,
    idx         INTEGER NOT NULL,
    start       INTEGER NOT NULL,
    len         INTEGER NOT NULL,
    upload_path TEXT,
    done        INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (transfer_id, idx)
);
