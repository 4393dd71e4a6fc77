-- Sign-in sessions of the web app. The browser holds the token in an HttpOnly cookie; this holds
-- its SHA-256 (256 random bits: nothing to brute-force). A session ends at `expires_at` (the
-- absolute limit from sign-in), after the configured idle time since `last_seen_at`, at
-- sign-out, and when its user is deactivated or given a new password.
CREATE TABLE web_sessions (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash   TEXT   NOT NULL UNIQUE,
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- The page reads it from GET /api/session and sends it back in X-CSRF-Token with every
    -- request that changes something. Random per session, not derived from the token.
    csrf_token   TEXT   NOT NULL,
    created_at   BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL
);
CREATE INDEX web_sessions_user ON web_sessions (user_id);
