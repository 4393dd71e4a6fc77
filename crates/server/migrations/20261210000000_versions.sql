-- Versions, approval status, activity and visits.
--
-- A file entry is a stack of versions: each version is a files row with its own bytes,
-- renditions, comments and status. `stack_id` is the id of the entry's first version (the same
-- on every version); `version` counts from 1. `head` marks the version listings show: a first
-- version from its creation (pending while its upload runs, as before), a later version only
-- once its bytes are complete, so nothing half-written ever replaces what people see.
ALTER TABLE files ADD COLUMN stack_id BIGINT NOT NULL DEFAULT 0;
ALTER TABLE files ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE files ADD COLUMN head BOOLEAN NOT NULL DEFAULT TRUE;
UPDATE files SET stack_id = id;

-- The version's approval status (values of ApprovalStatus), who set it (a member, or a review
-- link's guest by the name they gave and their link) and when.
ALTER TABLE files ADD COLUMN status TEXT NOT NULL DEFAULT 'none';
ALTER TABLE files ADD COLUMN status_by BIGINT REFERENCES users (id) ON DELETE SET NULL;
ALTER TABLE files ADD COLUMN status_guest_name TEXT;
ALTER TABLE files ADD COLUMN status_link_id BIGINT REFERENCES review_links (id) ON DELETE SET NULL;
ALTER TABLE files ADD COLUMN status_at BIGINT;

-- Names are unique among the entries of a folder, that is among heads: every version of an
-- entry carries the entry's name. The listing indexes hold heads only, which is all a listing
-- reads.
DROP INDEX files_folder_name;
DROP INDEX files_folder_created;
DROP INDEX files_folder_updated;
DROP INDEX files_folder_size;
CREATE UNIQUE INDEX files_folder_name ON files (folder_id, name) WHERE head;
CREATE INDEX files_folder_created ON files (folder_id, created_at, id) WHERE head;
CREATE INDEX files_folder_updated ON files (folder_id, updated_at, id) WHERE head;
CREATE INDEX files_folder_size ON files (folder_id, size, id) WHERE head;
-- Two versions of an entry never share a number, however many are created at once.
CREATE UNIQUE INDEX files_stack_version ON files (stack_id, version);

-- Whether a review link's guests may set approval status (with at least 'comment').
ALTER TABLE review_links ADD COLUMN can_set_status BOOLEAN NOT NULL DEFAULT FALSE;

-- What happened in a project, for its activity list and people's notifications. An entry
-- outlives what it is about (no foreign key to files or comments): the name and version stay
-- readable after a delete. `folder_id` follows the entry when it moves, so who may see an
-- entry is decided by where the file is.
CREATE TABLE activity (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    -- 'upload', 'new_version', 'comment', 'reply', 'status_change'.
    kind       TEXT   NOT NULL,
    -- A member, or a guest by name and link; both empty once the account is gone.
    actor_id   BIGINT REFERENCES users (id) ON DELETE SET NULL,
    guest_name TEXT,
    link_id    BIGINT REFERENCES review_links (id) ON DELETE SET NULL,
    file_id    BIGINT NOT NULL,
    stack_id   BIGINT NOT NULL,
    folder_id  BIGINT NOT NULL,
    file_name  TEXT   NOT NULL,
    version    INTEGER NOT NULL,
    comment_id BIGINT,
    excerpt    TEXT,
    status     TEXT,
    at         BIGINT NOT NULL
);
CREATE INDEX activity_project ON activity (project_id, id DESC);
-- The notification feed looks entries up by entry, after an id.
CREATE INDEX activity_stack ON activity (stack_id, id);

-- When each member last opened each version: what is new to them is what came after.
CREATE TABLE file_visits (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    file_id BIGINT NOT NULL REFERENCES files (id) ON DELETE CASCADE,
    seen_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, file_id)
);
CREATE INDEX file_visits_file ON file_visits (file_id);
