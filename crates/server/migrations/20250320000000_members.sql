-- Users, members and roles: why an account is inactive, and invitations to set a password.
-- Portable like the first schema (docs/architecture/database.md).

-- Why `active` is false: 'no_roles' when the last role was taken away (giving a role again
-- reactivates), 'admin' when an admin switched the account off (only an admin switches it back
-- on). NULL while active.
ALTER TABLE users ADD COLUMN inactive_reason TEXT CHECK (inactive_reason IN ('no_roles', 'admin'));

-- One-time links that let an invited person choose their password. The token is 256 random
-- bits, so its SHA-256 is all that is stored, like access tokens.
CREATE TABLE invitations (
    id         INTEGER PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash TEXT   NOT NULL UNIQUE,
    created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT
);
CREATE INDEX invitations_user ON invitations (user_id);

-- "Who is in this project" reads every grant of a project.
CREATE INDEX folder_members_project ON folder_members (project_id);
