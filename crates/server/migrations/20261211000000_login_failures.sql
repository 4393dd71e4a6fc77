-- Failed password sign-ins and the locks they set, per account (the email typed) and per client
-- address, and per review link for its password: in the database, so every server instance on
-- it counts the same failures and honours the same locks (src/auth/throttle.rs). A row is
-- forgotten an hour after its last failure once no lock holds.
CREATE TABLE login_failures (
    -- The scope ('login', 'guest') and the key ('account:EMAIL', 'address:IP', ...).
    key          TEXT   PRIMARY KEY,
    failures     BIGINT NOT NULL,
    last_failure BIGINT NOT NULL,
    locked_until BIGINT
);
CREATE INDEX login_failures_last ON login_failures (last_failure);
