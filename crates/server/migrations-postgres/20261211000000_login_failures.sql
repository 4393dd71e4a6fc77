-- Failed password sign-ins and the locks they set, shared by every instance; as in
-- crates/server/migrations/20261211000000_login_failures.sql.
CREATE TABLE login_failures (
    key          TEXT   PRIMARY KEY,
    failures     BIGINT NOT NULL,
    last_failure BIGINT NOT NULL,
    locked_until BIGINT
);
CREATE INDEX login_failures_last ON login_failures (last_failure);
