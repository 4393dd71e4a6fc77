-- The media job queue: what the server still has to do with each file's bytes (probe and poster,
-- a browser-playable proxy, an audio waveform), as rows, so work survives a restart and every
-- instance sees the same queue. A job belongs to one version of the bytes (its storage key): new
-- bytes replace the file's jobs, and a job whose key no longer matches stops.
CREATE TABLE media_jobs (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    file_id     BIGINT  NOT NULL REFERENCES files (id) ON DELETE CASCADE,
    -- The bytes the job works on (files.storage_key when it was queued).
    storage_key TEXT    NOT NULL,
    -- 'probe' (ffprobe and the poster), 'proxy' (H.264/AAC MP4), 'waveform' (peaks JSON).
    kind        TEXT    NOT NULL CHECK (kind IN ('probe', 'proxy', 'waveform')),
    state       TEXT    NOT NULL CHECK (state IN ('queued', 'running', 'ready', 'failed')),
    -- Lower runs first: cheap probes before long encodes, so a folder of rushes becomes
    -- browsable before its first proxy is done.
    priority    INTEGER NOT NULL,
    -- 0..100 while running, from ffmpeg's -progress.
    percent     INTEGER NOT NULL DEFAULT 0,
    -- A stable code ('not_media', 'no_tools', 'timed_out', 'failed') and ffmpeg's own words.
    error_code  TEXT,
    error       TEXT,
    -- The blob the job made in the media store, once ready.
    output_key  TEXT,
    attempts    INTEGER NOT NULL DEFAULT 0,
    created_at  BIGINT  NOT NULL,
    started_at  BIGINT,
    finished_at BIGINT,
    UNIQUE (file_id, kind)
);
CREATE INDEX media_jobs_queue ON media_jobs (state, priority, id);

-- Files that were ready before the queue existed are probed again, which queues their proxy and
-- waveform as for a new upload.
INSERT INTO media_jobs (file_id, storage_key, kind, state, priority, created_at)
SELECT id, storage_key, 'probe', 'queued', 0, updated_at
FROM files WHERE state = 'ready' AND storage_key IS NOT NULL;
