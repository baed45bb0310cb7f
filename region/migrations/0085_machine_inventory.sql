-- What MAAS users script against on machines besides status and power: the zone, the resource
-- pool, tags, CPU count and memory (MiB). The default zone is id 1 and the default pool id 0,
-- as in MAAS. Indexes for reading nodes with their interfaces and links one node at a time.
CREATE TABLE zones (
    id bigserial PRIMARY KEY,
    name text NOT NULL UNIQUE,
    description text NOT NULL DEFAULT ''
);
INSERT INTO zones (id, name) VALUES (1, 'default');
SELECT setval(pg_get_serial_sequence('zones', 'id'), 1);

CREATE TABLE resource_pools (
    id bigserial PRIMARY KEY,
    name text NOT NULL UNIQUE,
    description text NOT NULL DEFAULT ''
);
INSERT INTO resource_pools (id, name, description) VALUES (0, 'default', 'Default pool');

CREATE TABLE tags (
    id bigserial PRIMARY KEY,
    name text NOT NULL UNIQUE
);
CREATE TABLE node_tags (
    node_id bigint NOT NULL REFERENCES nodes (id) ON DELETE CASCADE,
    tag_id bigint NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    PRIMARY KEY (node_id, tag_id)
);

ALTER TABLE nodes
    ADD COLUMN zone_id bigint NOT NULL DEFAULT 1 REFERENCES zones (id),
    ADD COLUMN pool_id bigint NOT NULL DEFAULT 0 REFERENCES resource_pools (id),
    ADD COLUMN cpu_count integer NOT NULL DEFAULT 0 CHECK (cpu_count >= 0),
    ADD COLUMN memory bigint NOT NULL DEFAULT 0 CHECK (memory >= 0);

CREATE INDEX nodes_status ON nodes (status);
CREATE INDEX interfaces_node ON interfaces (node_id);
CREATE INDEX interface_addresses_interface ON interface_addresses (interface_id);
