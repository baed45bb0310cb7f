-- The rack shared secret lives in the database, as MAAS keeps its rpc-shared secret: the first
-- region to start after this migration stores its secret file's value (or a new one) here under
-- the row lock, and every region writes its file from this column at start.
ALTER TABLE maas_identity ADD COLUMN shared_secret text
    CHECK (shared_secret IS NULL OR shared_secret ~ '^[0-9a-f]{32}$');
