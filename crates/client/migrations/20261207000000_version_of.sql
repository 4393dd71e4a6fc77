-- The file an upload adds a version to, when the person asked for that file explicitly (a
-- local file dropped on a file's row). NULL for every other upload: the name decides then,
-- and "new version" adds to the file that has it.
ALTER TABLE transfers ADD COLUMN version_of INTEGER;
