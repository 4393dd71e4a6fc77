-- The OAuth 2.0 authorization server: registered apps, authorization codes, remembered consent
-- and browser sign-in sessions. Portable like the first schema (docs/architecture/database.md).

CREATE TABLE oauth_apps (
    id            INTEGER PRIMARY KEY,
    -- NULL: a built-in app (the desktop app), which no user owns and the API does not expose.
    owner_id      BIGINT REFERENCES users (id) ON DELETE CASCADE,
    name          TEXT    NOT NULL,
    -- Public identifier sent by the app; random for registered apps.
    client_id     TEXT    NOT NULL UNIQUE,
    -- Public apps (desktop, mobile, single-page) cannot keep a secret and have none.
    is_public     BOOLEAN NOT NULL,
    -- argon2id PHC string of the client secret; NULL for public apps.
    secret_hash   TEXT,
    -- JSON array of the registered redirect URIs, compared as exact strings.
    redirect_uris TEXT    NOT NULL,
    created_at    BIGINT  NOT NULL,
    updated_at    BIGINT  NOT NULL
);
CREATE INDEX oauth_apps_owner ON oauth_apps (owner_id);

-- The desktop app: a public client that proves itself with PKCE (DESIGN.md, "Authentication").
INSERT INTO oauth_apps (owner_id, name, client_id, is_public, secret_hash, redirect_uris, created_at, updated_at)
VALUES (NULL, 'Rushes desktop app', 'rushes-desktop', TRUE, NULL,
        '["rushes://oauth/callback","http://127.0.0.1/oauth/callback"]', 0, 0);

-- Tokens obtained through an app carry it, so deleting the app or withdrawing its authorization
-- ends them. Deleting the app deletes its tokens outright.
ALTER TABLE tokens ADD COLUMN oauth_app_id BIGINT REFERENCES oauth_apps (id) ON DELETE CASCADE;
CREATE INDEX tokens_oauth_app ON tokens (oauth_app_id, user_id);

-- Authorization codes: SHA-256 of the code (256 random bits), single use, ten minutes.
CREATE TABLE oauth_codes (
    id             INTEGER PRIMARY KEY,
    code_hash      TEXT   NOT NULL UNIQUE,
    app_id         BIGINT NOT NULL REFERENCES oauth_apps (id) ON DELETE CASCADE,
    user_id        BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- The redirect URI exactly as sent to /oauth/authorize; the token request must repeat it.
    redirect_uri   TEXT   NOT NULL,
    -- PKCE S256 challenge; NULL only for confidential apps that did not use PKCE.
    code_challenge TEXT,
    -- The token family the code's exchange starts, chosen up front so that a replayed code can
    -- revoke what the first exchange issued.
    family_id      TEXT   NOT NULL,
    created_at     BIGINT NOT NULL,
    expires_at     BIGINT NOT NULL,
    used_at        BIGINT
);

-- Consent remembered per (user, app): the consent page is shown once.
CREATE TABLE oauth_authorizations (
    id         INTEGER PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    app_id     BIGINT NOT NULL REFERENCES oauth_apps (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    UNIQUE (user_id, app_id)
);

-- Browser sign-in sessions of the authorization pages (cookie holds the token, this its hash).
CREATE TABLE oauth_sessions (
    id         INTEGER PRIMARY KEY,
    token_hash TEXT   NOT NULL UNIQUE,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
