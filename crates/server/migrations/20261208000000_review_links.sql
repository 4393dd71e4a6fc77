-- Review links: a folder (with everything below it) or one file of a project, shared with
-- people who have no account. The token is 256 random bits, stored only as its SHA-256; the
-- optional password as argon2id. A revoked link stays (who revoked it, and when) so the team
-- can see what was shared; its guest sessions are deleted with the revocation.
CREATE TABLE review_links (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id    BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    folder_id     BIGINT REFERENCES folders (id) ON DELETE CASCADE,
    file_id       BIGINT REFERENCES files (id) ON DELETE CASCADE,
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
    -- A link covers a folder or a file, never both, never nothing.
    CHECK ((folder_id IS NULL) <> (file_id IS NULL))
);
CREATE INDEX review_links_project ON review_links (project_id, id);

-- Guests in a browser, each carried by an HttpOnly cookie of their own (not the web app's
-- session: a guest is not a user and must never pass for one). Like web_sessions: the token's
-- SHA-256, a CSRF token, idle and absolute ends. A session also ends the moment its link is
-- revoked or expires: every request checks the link.
CREATE TABLE guest_sessions (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash   TEXT   NOT NULL UNIQUE,
    link_id      BIGINT NOT NULL REFERENCES review_links (id) ON DELETE CASCADE,
    guest_name   TEXT   NOT NULL,
    csrf_token   TEXT   NOT NULL,
    created_at   BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL
);
CREATE INDEX guest_sessions_link ON guest_sessions (link_id);

-- A guest's comment has no author account: the name the guest gave and the link they came
-- through say who wrote it.
ALTER TABLE comments ADD COLUMN guest_name TEXT;
ALTER TABLE comments ADD COLUMN link_id BIGINT REFERENCES review_links (id) ON DELETE SET NULL;
