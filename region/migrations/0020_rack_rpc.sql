-- Rack RPC: the MAAS UUID racks bind to, and which rack is connected to which region worker.

-- One row per installation; racks refuse regions of another UUID.
CREATE TABLE maas_identity (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    uuid text NOT NULL
);
INSERT INTO maas_identity (uuid) VALUES (gen_random_uuid()::text);

-- A different rack/region software version is accepted with a warning shown on the controller.
ALTER TABLE nodes ADD COLUMN version_warning text NOT NULL DEFAULT '';

-- One row per authenticated rack connection; gone with the rack or the worker.
CREATE TABLE rack_connections (
    id bigserial PRIMARY KEY,
    rack_node_id bigint NOT NULL REFERENCES nodes (id) ON DELETE CASCADE,
    process_id bigint NOT NULL REFERENCES region_processes (id) ON DELETE CASCADE,
    connection_id bigint NOT NULL,
    peer_address text NOT NULL,
    rack_version text NOT NULL DEFAULT '',
    connected timestamptz NOT NULL DEFAULT now(),
    heartbeat timestamptz NOT NULL DEFAULT now(),
    UNIQUE (process_id, connection_id)
);
CREATE INDEX rack_connections_rack ON rack_connections (rack_node_id);
