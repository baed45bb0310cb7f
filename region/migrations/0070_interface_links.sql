-- Links an operator makes with `interface link-subnet`: AUTO, DHCP and LINK_UP links name a
-- subnet but hold no address until the machine is deployed, as MAAS's StaticIPAddress rows.
ALTER TABLE interface_addresses ALTER COLUMN ip DROP NOT NULL;
ALTER TABLE interface_addresses ADD CONSTRAINT interface_addresses_mode
    CHECK (mode IN ('static', 'auto', 'dhcp', 'link_up'));

-- Relinking follows addresses only: a link without one keeps the subnet it was given.
CREATE OR REPLACE FUNCTION relink_interface_addresses() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE interface_addresses a SET subnet_id = m.subnet_id
    FROM (SELECT a2.id, (SELECT s.id FROM subnets s WHERE a2.ip <<= s.cidr
                         ORDER BY masklen(s.cidr) DESC LIMIT 1) AS subnet_id
          FROM interface_addresses a2 WHERE a2.ip IS NOT NULL) m
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
