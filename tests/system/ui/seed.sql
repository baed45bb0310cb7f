-- Fixture for the browser tests: an admin and a non-admin, three racks (two on the untagged
-- VLAN of fabric-0, one on no VLAN) and a subnet on that VLAN. Racks register over RPC in
-- production; here they are rows, since the tests are about the UI and the API it uses. The
-- region's rack liveness rewrites their rackd rows (no connection: 0% connected, dead).
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
CROSS JOIN (SELECT id FROM vlans WHERE vid = 0) v;

INSERT INTO services (node_id, name, status, status_info)
SELECT id, 'rackd', 'running', '100% connected to region controllers.' FROM nodes
WHERE node_type = 2;
INSERT INTO services (node_id, name, status, status_info)
SELECT id, 'dhcpd', 'off', '' FROM nodes WHERE node_type = 2;

INSERT INTO subnets (name, vlan_id, cidr, gateway_ip)
SELECT '192.0.2.0/24', id, '192.0.2.0/24', '192.0.2.1' FROM vlans WHERE vid = 0;

-- A machine with a webhook BMC (power actions need the BMC issue's API; listing works now).
INSERT INTO nodes (system_id, hostname, node_type, power_type, power_parameters)
VALUES ('mach001', 'node-1', 0, 'webhook',
        '{"power_on_uri": "http://127.0.0.1:9/on", "power_off_uri": "http://127.0.0.1:9/off"}');
