-- Networks as racks report them: MAAS's fabric ids, interface parents and VIDs, operator-chosen
-- VLANs, and addresses relinked whenever subnets change.

-- The default fabric is id 0, as in MAAS; new fabrics count up from 1 (named fabric-<id>).
ALTER TABLE vlans DROP CONSTRAINT vlans_fabric_id_fkey;
UPDATE vlans SET fabric_id = 0
    WHERE fabric_id = (SELECT min(id) FROM fabrics)
    AND NOT EXISTS (SELECT 1 FROM fabrics WHERE id = 0);
UPDATE fabrics SET id = 0
    WHERE id = (SELECT min(id) FROM fabrics) AND NOT EXISTS (SELECT 1 FROM fabrics WHERE id = 0);
ALTER TABLE vlans ADD CONSTRAINT vlans_fabric_id_fkey
    FOREIGN KEY (fabric_id) REFERENCES fabrics (id) ON DELETE CASCADE;
SELECT setval('fabrics_id_seq', (SELECT coalesce(max(id), 0) + 1 FROM fabrics), false);

ALTER TABLE interfaces ADD COLUMN parents text[] NOT NULL DEFAULT '{}';
ALTER TABLE interfaces ADD COLUMN vid integer NOT NULL DEFAULT 0;
-- Set when an operator puts the interface on a VLAN through the API; discovery keeps it.
ALTER TABLE interfaces ADD COLUMN vlan_pinned boolean NOT NULL DEFAULT false;

-- Every address belongs to the most specific subnet holding it, and an interface (unless
-- pinned) to the VLAN of its first linked address, whatever created, changed or deleted a
-- subnet.
CREATE FUNCTION relink_interface_addresses() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE interface_addresses a SET subnet_id = m.subnet_id
    FROM (SELECT a2.id, (SELECT s.id FROM subnets s WHERE a2.ip <<= s.cidr
                         ORDER BY masklen(s.cidr) DESC LIMIT 1) AS subnet_id
          FROM interface_addresses a2) m
    WHERE m.id = a.id AND a.subnet_id IS DISTINCT FROM m.subnet_id;
    UPDATE interfaces i SET vlan_id = first.vlan_id
    FROM (SELECT DISTINCT ON (a.interface_id) a.interface_id, s.vlan_id
          FROM interface_addresses a JOIN subnets s ON s.id = a.subnet_id
          ORDER BY a.interface_id, a.id) first
    WHERE first.interface_id = i.id AND NOT i.vlan_pinned
    AND i.vlan_id IS DISTINCT FROM first.vlan_id;
    RETURN NULL;
END
$$;

CREATE TRIGGER subnets_relink AFTER INSERT OR DELETE OR UPDATE OF cidr, vlan_id ON subnets
    FOR EACH STATEMENT EXECUTE FUNCTION relink_interface_addresses();
