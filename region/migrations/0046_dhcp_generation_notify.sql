-- Every bump of the DHCP generation also NOTIFYs maas_dhcp_generation (payload: the new
-- generation; delivered at commit). Each region worker LISTENs on its singleton-lock session
-- and tells its racks at once (DHCPGenerationChanged), so a change through any region reaches
-- racks connected only to other regions in well under a second. Heartbeat replies still carry
-- the generation: a notification missed while a session was down costs one heartbeat.
CREATE OR REPLACE FUNCTION dhcp_generation_bump() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    bumped bigint;
BEGIN
    UPDATE dhcp_generation SET generation = generation + 1 RETURNING generation INTO bumped;
    PERFORM pg_notify('maas_dhcp_generation', bumped::text);
    RETURN NULL;
END
$$;
