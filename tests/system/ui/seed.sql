-- Fixture for the browser tests: an admin and a non-admin, three racks (two on the untagged
-- VLAN of fabric-0, one on no VLAN), a subnet on that VLAN, fabric-1 for the real racks, two
-- webhook machines and leases. Racks register over RPC in production; these three are rows,
-- since the tests are about the UI and the API it uses (run.sh also starts two real rackds).
-- The region's rack liveness rewrites their rackd rows (no connection: 0% connected, dead).
-- One transaction: the running region's liveness pass writes rackd rows for every rack it
-- sees, so it must not see the racks before their rows are in.
BEGIN;
INSERT INTO users (username, email, password_hash, is_superuser) VALUES
    ('admin', 'admin@example.com', :'admin_hash', true),
    ('operator', 'operator@example.com', :'operator_hash', false);

INSERT INTO nodes (system_id, hostname, node_type, version) VALUES
    ('rackaaa', 'rack-a', 2, :'version'),
    ('rackbbb', 'rack-b', 2, '0.0.1'),
    ('rackoff', 'rack-off', 2, :'version');

INSERT INTO interfaces (node_id, name, mac_address, vlan_id)
SELECT n.id, 'eth0', m.mac, CASE WHEN n.hostname = 'rack-off' THEN NULL ELSE v.id END
FROM nodes n
JOIN (VALUES ('rack-a', '52:54:00:00:0a:01'), ('rack-b', '52:54:00:00:0b:01'),
             ('rack-off', '52:54:00:00:0c:01')) AS m (hostname, mac) ON m.hostname = n.hostname
CROSS JOIN (SELECT v.id FROM vlans v JOIN fabrics f ON f.id = v.fabric_id
            WHERE v.vid = 0 AND f.name = 'fabric-0') v;

INSERT INTO services (node_id, name, status, status_info)
SELECT id, 'rackd', 'running', '100% connected to region controllers.' FROM nodes
WHERE node_type = 2;
INSERT INTO services (node_id, name, status, status_info)
SELECT id, 'dhcpd', 'off', '' FROM nodes WHERE node_type = 2;

INSERT INTO subnets (name, vlan_id, cidr, gateway_ip)
SELECT '192.0.2.0/24', v.id, '192.0.2.0/24', '192.0.2.1' FROM vlans v
JOIN fabrics f ON f.id = v.fabric_id WHERE v.vid = 0 AND f.name = 'fabric-0';

-- The real racks' network (run.sh, bmc_lib.sh): their eth0 addresses land on this subnet when
-- they register, which puts them on fabric-1's untagged VLAN.
INSERT INTO fabrics (name) VALUES ('fabric-1');
INSERT INTO vlans (fabric_id, vid, name)
SELECT id, 0, 'untagged' FROM fabrics WHERE name = 'fabric-1';
INSERT INTO subnets (name, vlan_id, cidr)
SELECT '198.51.100.0/24', v.id, '198.51.100.0/24' FROM vlans v JOIN fabrics f ON f.id = v.fabric_id
WHERE f.name = 'fabric-1';

-- Machines whose webhook BMC is bench/bmc/webhook_server.py (run.sh passes its URL as :hook).
-- node-broken's power-on URL and node-offfail's power-off URL are not ones the server knows:
-- it answers 404 "no such path".
INSERT INTO nodes (system_id, hostname, node_type, power_type, power_parameters) VALUES
    ('mach001', 'node-1', 0, 'webhook',
     jsonb_build_object('power_on_uri', :'hook' || '/on/node-1',
                        'power_off_uri', :'hook' || '/off/node-1',
                        'power_query_uri', :'hook' || '/q/node-1')),
    ('mach002', 'node-broken', 0, 'webhook',
     jsonb_build_object('power_on_uri', :'hook' || '/broken',
                        'power_off_uri', :'hook' || '/off/node-broken')),
    ('mach003', 'node-offfail', 0, 'webhook',
     jsonb_build_object('power_on_uri', :'hook' || '/on/node-offfail',
                        'power_off_uri', :'hook' || '/broken',
                        'power_query_uri', :'hook' || '/q/node-offfail'));

-- Leases as the region stores the racks' lease reports (db_dhcp_source.cpp): two current ones
-- on 192.0.2.0/24 and one that has expired (not shown).
INSERT INTO dhcp_leases (ip, mac_address, hostname, subnet_id, rack_node_id, expires)
SELECT l.ip::inet, l.mac, l.hostname, s.id, n.id, now() + l.ttl::interval
FROM (VALUES ('192.0.2.150', '52:54:00:12:34:56', 'booting-1', '1 hour'),
             ('192.0.2.151', '52:54:00:12:34:57', '', '30 minutes'),
             ('192.0.2.152', '52:54:00:12:34:58', 'gone-1', '-5 minutes'))
         AS l (ip, mac, hostname, ttl)
JOIN subnets s ON s.cidr >>= l.ip::inet
JOIN nodes n ON n.hostname = 'rack-b';
COMMIT;
