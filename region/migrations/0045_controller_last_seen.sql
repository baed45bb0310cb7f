-- When the region last heard from a controller. Live controllers have heartbeat rows (a rack's
-- rack_connections, a region's region_processes); those rows go when the connection or process
-- does, so their last heartbeat is kept on the node as they are deleted (cascades included).
ALTER TABLE nodes ADD COLUMN last_seen timestamptz;

-- TG_ARGV[0]: the column of the deleted row that names the node.
CREATE FUNCTION keep_last_seen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE nodes SET last_seen = GREATEST(last_seen, OLD.heartbeat)
    WHERE id = (to_jsonb(OLD) ->> TG_ARGV[0])::bigint;
    RETURN NULL;
END $$;
CREATE TRIGGER rack_connections_last_seen AFTER DELETE ON rack_connections
    FOR EACH ROW EXECUTE FUNCTION keep_last_seen('rack_node_id');
CREATE TRIGGER region_processes_last_seen AFTER DELETE ON region_processes
    FOR EACH ROW EXECUTE FUNCTION keep_last_seen('node_id');
