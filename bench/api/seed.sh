# Seeds a region database for bench/api (source it; needs lib.sh's WORK and PG_PORT).
# seed_bench DB MACHINES: an API key, 200 subnets, 50 racks each with an interface, an address
# and services; MACHINES machines as `machines create` writes them (system_id from the API's
# alphabet, hostname, amd64/generic, one physical eth0 with its MAC) each with a STATIC link
# as `interface link-subnet` writes it, statuses New, Ready and Deployed in turn.
seed_bench() {
    local db=$1 machines=$2
    psql -h "$WORK/pg" -p "$PG_PORT" -U maas -d "$db" -X -q -v ON_ERROR_STOP=1 >/dev/null <<SQL
INSERT INTO users (username, email, password_hash, is_superuser) VALUES ('bench', '', 'x', true);
INSERT INTO api_tokens (user_id, consumer_key, token_key, token_secret)
  SELECT id, '$BENCH_CK', '$BENCH_TK', '$BENCH_SECRET' FROM users WHERE username = 'bench';
INSERT INTO subnets (name, vlan_id, cidr, gateway_ip)
  SELECT 'net-' || g, (SELECT min(id) FROM vlans), ('10.' || (g / 256) || '.' || (g % 256) || '.0/24')::cidr,
         ('10.' || (g / 256) || '.' || (g % 256) || '.1')::inet FROM generate_series(1, 200) g;
INSERT INTO nodes (system_id, hostname, node_type, version)
  SELECT 'rack' || lpad(g::text, 2, '0'), 'rack-' || g, 2, '0.1.0' FROM generate_series(1, 50) g;
INSERT INTO interfaces (node_id, name, mac_address, vlan_id)
  SELECT id, 'eth0', '52:54:00:00:00:' || lpad(to_hex(id::int), 2, '0'), (SELECT min(id) FROM vlans)
  FROM nodes WHERE node_type = 2;
INSERT INTO interface_addresses (interface_id, subnet_id, ip)
  SELECT i.id, s.id, host(s.cidr + 2)::inet FROM interfaces i
  JOIN subnets s ON s.name = 'net-' || i.node_id;
INSERT INTO services (node_id, name, status)
  SELECT id, svc, 'running' FROM nodes, unnest(ARRAY['rackd', 'dhcpd']) svc WHERE node_type = 2;
-- machines: six symbols of 'abcdefghjkmnpqrstwxy3468' from g, as generateSystemId draws them
INSERT INTO nodes (system_id, hostname, node_type, status, architecture, power_type, power_parameters, owner_id)
  SELECT (SELECT string_agg(substr('abcdefghjkmnpqrstwxy3468', ((g + 200000) / (24 ^ k)::int % 24) + 1, 1), '' ORDER BY k DESC)
            FROM generate_series(0, 5) k),
         'machine-' || lpad(g::text, 5, '0'), 0, (ARRAY[0, 4, 6])[g % 3 + 1], 'amd64/generic', 'manual', '{}',
         (SELECT id FROM users WHERE username = 'bench')
  FROM generate_series(1, $machines) g;
INSERT INTO interfaces (node_id, name, type, mac_address, vlan_id)
  SELECT id, 'eth0', 'physical',
         '52:54:01:' || substr(lpad(to_hex(id::int), 6, '0'), 1, 2) || ':' || substr(lpad(to_hex(id::int), 6, '0'), 3, 2)
           || ':' || substr(lpad(to_hex(id::int), 6, '0'), 5, 2), (SELECT min(id) FROM vlans)
  FROM nodes WHERE node_type = 0;
INSERT INTO interface_addresses (interface_id, subnet_id, ip, mode)
  SELECT i.id, s.id, host(s.cidr + 10 + (i.node_id / 200)::int)::inet, 'static'
  FROM interfaces i JOIN nodes n ON n.id = i.node_id AND n.node_type = 0
  JOIN subnets s ON s.name = 'net-' || (i.node_id % 200 + 1);
ANALYZE nodes, interfaces, interface_addresses, subnets, services;
SQL
}
