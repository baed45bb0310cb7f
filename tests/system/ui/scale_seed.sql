-- Fleet-size data for the web UI at scale (bench/ui-scale/run, tests/system/ui/scale.sh), in bulk
-- SQL shaped as the API writes it. Run it again with higher bounds to grow the same database:
--   machines :m_from..:m_to  `machines create` rows: system_id from the API's alphabet,
--                            hostname machine-NNNNN, amd64/generic, statuses New, Ready and
--                            Deployed in turn, power types webhook, ipmi and manual in turn,
--                            power states on, off, unknown and error in turn, one physical eth0
--                            with its MAC on fabric-0's untagged VLAN.
--   subnets  :s_from..:s_to  10.X.Y.0/24 named by their CIDR (MAAS's default name), spread
--                            round-robin over 10 fabrics of 10 VLANs each (VID 0, untagged, and
--                            VIDs 1-9, as `fabric create` and `vlans create` write them).
BEGIN;
INSERT INTO fabrics (name)
SELECT 'scale-fabric-' || f FROM generate_series(1, 10) f
ON CONFLICT (name) DO NOTHING;
INSERT INTO vlans (fabric_id, vid, name)
SELECT fb.id, v, CASE WHEN v = 0 THEN 'untagged' END
FROM fabrics fb CROSS JOIN generate_series(0, 9) v
WHERE fb.name LIKE 'scale-fabric-%'
ON CONFLICT (fabric_id, vid) DO NOTHING;

INSERT INTO subnets (name, vlan_id, cidr, gateway_ip)
SELECT ('10.' || (g / 256) || '.' || (g % 256) || '.0/24'),
       (SELECT vl.id FROM vlans vl JOIN fabrics fb ON fb.id = vl.fabric_id
        WHERE fb.name = 'scale-fabric-' || (g % 10 + 1) AND vl.vid = (g / 10) % 10),
       ('10.' || (g / 256) || '.' || (g % 256) || '.0/24')::cidr,
       ('10.' || (g / 256) || '.' || (g % 256) || '.1')::inet
FROM generate_series(:s_from, :s_to) g;

-- six symbols of 'abcdefghjkmnpqrstwxy3468' from g, as the API's system_id generator draws them
INSERT INTO nodes (system_id, hostname, node_type, status, architecture, power_type, power_state,
                   power_parameters)
SELECT (SELECT string_agg(substr('abcdefghjkmnpqrstwxy3468', ((g + 300000) / (24 ^ k)::int % 24) + 1, 1),
                          '' ORDER BY k DESC) FROM generate_series(0, 5) k),
       'machine-' || lpad(g::text, 5, '0'), 0, (ARRAY[0, 4, 6])[g % 3 + 1], 'amd64/generic',
       (ARRAY['webhook', 'ipmi', 'manual'])[g % 3 + 1],
       (ARRAY['on', 'off', 'unknown', 'error'])[g % 4 + 1],
       CASE g % 3
         WHEN 0 THEN jsonb_build_object('power_on_uri', 'http://192.0.2.' || (g % 250 + 1) || '/on')
         WHEN 1 THEN jsonb_build_object('power_address', '198.51.100.' || (g % 250 + 1))
         ELSE '{}'::jsonb END
FROM generate_series(:m_from, :m_to) g;
INSERT INTO interfaces (node_id, name, type, mac_address, vlan_id)
SELECT n.id, 'eth0', 'physical',
       '52:54:02:' || substr(lpad(to_hex(n.id::int), 6, '0'), 1, 2) || ':'
         || substr(lpad(to_hex(n.id::int), 6, '0'), 3, 2) || ':'
         || substr(lpad(to_hex(n.id::int), 6, '0'), 5, 2),
       (SELECT vl.id FROM vlans vl JOIN fabrics fb ON fb.id = vl.fabric_id
        WHERE fb.name = 'fabric-0' AND vl.vid = 0)
FROM nodes n
WHERE n.node_type = 0 AND n.hostname LIKE 'machine-%'
  AND substr(n.hostname, 9)::int BETWEEN :m_from AND :m_to;
COMMIT;
ANALYZE nodes, interfaces, subnets, vlans, fabrics;
