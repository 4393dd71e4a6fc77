-- tus uploads in progress (and, for a while, finished ones, so a client that lost the answer to
-- its last PATCH can still ask for the offset and the sha256). Portable like the other schemas
-- (docs/architecture/database.md).
CREATE TABLE uploads (
    -- Random and unguessable: it is the last segment of the upload URL.
    id            TEXT    PRIMARY KEY,
    -- Only this user may see or continue the upload; anyone else is told it does not exist.
    user_id       BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- 'single': an ordinary upload into a file; 'partial': one piece of a later concatenation,
    -- not bound to a file yet; 'final': the concatenation of partials into a file.
    kind          TEXT    NOT NULL CHECK (kind IN ('single', 'partial', 'final')),
    -- The file the bytes become (NULL for partials). Deleting the file ends its upload.
    file_id       BIGINT  REFERENCES files (id) ON DELETE CASCADE,
    -- Whether the upload made the file record (metadata folder_id + filename): terminating or
    -- expiring it then removes the record too, if it is still pending.
    created_file  BOOLEAN NOT NULL DEFAULT FALSE,
    -- Total bytes; NULL while the client defers the length (Upload-Defer-Length: 1).
    upload_length BIGINT,
    -- Bytes durably in the staging file: written and fsynced before this is updated.
    upload_offset BIGINT  NOT NULL DEFAULT 0,
    -- The Upload-Metadata header as the client sent it, echoed on HEAD.
    metadata      TEXT    NOT NULL DEFAULT '',
    -- For a final upload, the Upload-Concat header's list of partial URLs, echoed on HEAD.
    concat_parts  TEXT,
    -- Lower-case hex SHA-256 of the file, once finished.
    sha256        TEXT,
    finished_at   BIGINT,
    created_at    BIGINT  NOT NULL,
    -- Every accepted chunk pushes this forward; past it, the upload is gone.
    expires_at    BIGINT  NOT NULL
);
CREATE INDEX uploads_expires ON uploads (expires_at);
CREATE INDEX uploads_file ON uploads (file_id);
