-- A token's consumer name, as MAAS's `account create-authorisation-token name=` records it.
ALTER TABLE api_tokens ADD COLUMN name text NOT NULL DEFAULT '';
