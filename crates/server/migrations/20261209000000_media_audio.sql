-- Sound and start time from the media probe. Portable like the first schema
-- (docs/architecture/database.md). Files probed before this stay without them until probed again.

-- Hertz, of the first sound stream.
ALTER TABLE file_media ADD COLUMN sample_rate BIGINT;
-- Sound channels in all sound streams together (cameras often record one mono stream a channel).
ALTER TABLE file_media ADD COLUMN audio_channels BIGINT;
-- Seconds since midnight at which the file starts: the start timecode's frame count times the
-- frame duration for pictures, the BWF time reference over the sample rate for sound. Sound-only
-- BWF files keep that start in start_timecode as "HH:MM:SS.mmm".
ALTER TABLE file_media ADD COLUMN start_seconds DOUBLE PRECISION;
