-- The change generation of everything the API's cached list reads can see (api/list_cache.h).
-- A deferred row trigger on every table those reads could touch bumps it once per writing
-- transaction, at commit, so the new generation becomes visible together with the change:
-- a worker that reads the generation before and after building a list and finds it unchanged
-- knows the list is exactly that generation's, and serves it again only at that generation.
-- Taking the counter's row lock at commit (not at the first write) keeps it out of lock cycles.
CREATE TABLE api_list_generation (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    generation bigint NOT NULL DEFAULT 1
);
INSERT INTO api_list_generation DEFAULT VALUES;

CREATE FUNCTION api_list_generation_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Every deferred row event of one commit lands here: bump once per transaction.
    IF current_setting('maas.api_list_bumped', true) = txid_current()::text THEN
        RETURN NULL;
    END IF;
    PERFORM set_config('maas.api_list_bumped', txid_current()::text, true);
    UPDATE api_list_generation SET generation = generation + 1;
    RETURN NULL;
END
$$;

-- Tables no cached list reads, written on every request or every second: tracking them
-- would only empty the cache. rack_connections is tracked below without its heartbeat (a
-- rack's liveness is part of the cache key instead: it depends on the clock, not on writes).
CREATE TABLE api_list_untracked (table_name text PRIMARY KEY);
INSERT INTO api_list_untracked VALUES
    ('api_list_generation'), ('api_list_untracked'), ('maas_schema_migrations'),
    ('oauth_nonces'), ('api_tokens'), ('ui_sessions'), ('maas_identity'), ('tls_config'),
    ('region_processes'), ('rack_connections'), ('dhcp_generation'), ('dhcp_leases'),
    ('dhcp_ha_status'), ('dhcp_ha_takeovers'), ('rack_lease_spools'), ('events'),
    ('notifications'), ('notification_dismissals'), ('service_failures');

-- Puts the triggers on every table not listed above that lacks them; each worker runs it after
-- the migrations (worker.cpp), so a table a later migration creates is tracked as well.
CREATE FUNCTION api_list_track_all() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    t text;
    added integer := 0;
BEGIN
    FOR t IN SELECT c.relname FROM pg_class c
             WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r'
             AND c.relname NOT IN (SELECT table_name FROM api_list_untracked)
             AND NOT EXISTS (SELECT 1 FROM pg_trigger g WHERE g.tgrelid = c.oid
                             AND g.tgname = 'api_list_generation_write') LOOP
        EXECUTE format('CREATE CONSTRAINT TRIGGER api_list_generation_write AFTER INSERT OR DELETE'
                       ' ON %I DEFERRABLE INITIALLY DEFERRED FOR EACH ROW'
                       ' EXECUTE FUNCTION api_list_generation_bump()', t);
        -- An UPDATE that changes nothing (a report repeating a state) is no change.
        EXECUTE format('CREATE CONSTRAINT TRIGGER api_list_generation_update AFTER UPDATE'
                       ' ON %I DEFERRABLE INITIALLY DEFERRED FOR EACH ROW'
                       ' WHEN (OLD::text IS DISTINCT FROM NEW::text)'
                       ' EXECUTE FUNCTION api_list_generation_bump()', t);
        EXECUTE format('CREATE TRIGGER api_list_generation_truncate AFTER TRUNCATE ON %I'
                       ' FOR EACH STATEMENT EXECUTE FUNCTION api_list_generation_bump()', t);
        added := added + 1;
    END LOOP;
    RETURN added;
END
$$;
SELECT api_list_track_all();

CREATE CONSTRAINT TRIGGER api_list_generation_write AFTER INSERT OR DELETE ON rack_connections
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION api_list_generation_bump();
CREATE CONSTRAINT TRIGGER api_list_generation_update AFTER UPDATE ON rack_connections
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (to_jsonb(OLD) - 'heartbeat' IS DISTINCT FROM to_jsonb(NEW) - 'heartbeat')
    EXECUTE FUNCTION api_list_generation_bump();
CREATE TRIGGER api_list_generation_truncate AFTER TRUNCATE ON rack_connections
    FOR EACH STATEMENT EXECUTE FUNCTION api_list_generation_bump();
