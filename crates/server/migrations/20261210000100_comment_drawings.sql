-- Drawn annotations: the shapes a reviewer drew on a comment's frame, as the JSON of
-- rushes_api::annotations::Drawing (coordinates normalised to the picture, so a drawing lines up
-- on the original and its proxy alike). NULL when the comment has no drawing; replies never
-- have one. The server validates a drawing before storing it, and bounds its size.
ALTER TABLE comments ADD COLUMN drawing TEXT;
