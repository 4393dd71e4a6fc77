-- The name an upload was asked to have. `name` is the name it gets, which "keep both" may
-- number ("A001 (2).mov") and writes down *before* it creates that record at the server, so a
-- run killed between the two finds and takes over its own record instead of making a third.
-- Numbering always starts again from the asked name. NULL in rows from before: `name` then.
ALTER TABLE transfers ADD COLUMN asked_name TEXT;
