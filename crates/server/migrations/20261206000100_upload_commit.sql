-- Finishing an upload is made crash-safe: before its staging file is renamed into the media
-- store, the blob's key, size and SHA-256 are written here. Whoever finds the upload complete
-- but unfinished later (a HEAD, the next start) completes the hand-over from these columns
-- instead of guessing, and the start-up sweep counts the key as claimed, so the renamed bytes
-- are never removed as unowned.
ALTER TABLE uploads ADD COLUMN commit_key TEXT;
ALTER TABLE uploads ADD COLUMN commit_size BIGINT;
ALTER TABLE uploads ADD COLUMN commit_sha256 TEXT;
