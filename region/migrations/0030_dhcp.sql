-- DHCP HA: the configuration generation racks watch, the dhcpd service they report, and the
-- leases their Kea hooks report.

-- Bumped by every statement that can change any rack's Kea configuration. Heartbeat replies
-- carry it; a rack that sees a new value asks for its configuration again, so a change made
-- through any region reaches every rack within one heartbeat, with no missed-NOTIFY window.
CREATE TABLE dhcp_generation (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    generation bigint NOT NULL DEFAULT 1
);
INSERT INTO dhcp_generation DEFAULT VALUES;

CREATE FUNCTION dhcp_generation_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE dhcp_generation SET generation = generation + 1;
    RETURN NULL;
END
$$;

CREATE TRIGGER vlans_dhcp_generation AFTER INSERT OR UPDATE OR DELETE ON vlans
    FOR EACH STATEMENT EXECUTE FUNCTION dhcp_generation_bump();
CREATE TRIGGER subnets_dhcp_generation AFTER INSERT OR UPDATE OR DELETE ON subnets
    FOR EACH STATEMENT EXECUTE FUNCTION dhcp_generation_bump();
CREATE TRIGGER ipranges_dhcp_generation AFTER INSERT OR UPDATE OR DELETE ON ipranges
    FOR EACH STATEMENT EXECUTE FUNCTION dhcp_generation_bump();
CREATE TRIGGER interfaces_dhcp_generation AFTER INSERT OR UPDATE OR DELETE ON interfaces
    FOR EACH STATEMENT EXECUTE FUNCTION dhcp_generation_bump();
CREATE TRIGGER interface_addresses_dhcp_generation
    AFTER INSERT OR UPDATE OR DELETE ON interface_addresses
    FOR EACH STATEMENT EXECUTE FUNCTION dhcp_generation_bump();

-- Current leases as the racks' hooks report them (one row per address; newest event wins).
CREATE TABLE dhcp_leases (
    ip inet PRIMARY KEY,
    mac_address text NOT NULL,
    hostname text NOT NULL DEFAULT '',
    subnet_id bigint REFERENCES subnets (id) ON DELETE CASCADE,
    rack_node_id bigint REFERENCES nodes (id) ON DELETE SET NULL,
    expires timestamptz NOT NULL,
    updated timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dhcp_leases_subnet ON dhcp_leases (subnet_id);
