-- Users, API tokens and OAuth nonces.
CREATE TABLE users (
    id bigserial PRIMARY KEY,
    username text NOT NULL UNIQUE,
    email text NOT NULL DEFAULT '',
    password_hash text NOT NULL,
    is_superuser boolean NOT NULL DEFAULT false,
    created timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE api_tokens (
    id bigserial PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    consumer_key text NOT NULL,
    token_key text NOT NULL UNIQUE,
    token_secret text NOT NULL,
    created timestamptz NOT NULL DEFAULT now()
);

-- A nonce is accepted once per token; rows older than the timestamp window are purged.
CREATE TABLE oauth_nonces (
    token_key text NOT NULL,
    nonce text NOT NULL,
    created timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (token_key, nonce)
);
CREATE INDEX oauth_nonces_created ON oauth_nonces (created);

-- Machines (0), racks (2), regions (3) and region+rack (4), as MAAS's node_type.
CREATE TABLE nodes (
    id bigserial PRIMARY KEY,
    system_id text NOT NULL UNIQUE,
    hostname text NOT NULL UNIQUE,
    node_type smallint NOT NULL CHECK (node_type IN (0, 1, 2, 3, 4)),
    status integer NOT NULL DEFAULT 0,
    version text NOT NULL DEFAULT '',
    architecture text NOT NULL DEFAULT '',
    description text NOT NULL DEFAULT '',
    power_type text NOT NULL DEFAULT '',
    power_parameters jsonb NOT NULL DEFAULT '{}',
    power_state text NOT NULL DEFAULT 'unknown',
    owner_id bigint REFERENCES users (id) ON DELETE SET NULL,
    created timestamptz NOT NULL DEFAULT now(),
    updated timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE fabrics (
    id bigserial PRIMARY KEY,
    name text NOT NULL UNIQUE,
    description text NOT NULL DEFAULT '',
    class_type text,
    created timestamptz NOT NULL DEFAULT now(),
    updated timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE vlans (
    id bigserial PRIMARY KEY,
    fabric_id bigint NOT NULL REFERENCES fabrics (id) ON DELETE CASCADE,
    vid integer NOT NULL CHECK (vid BETWEEN 0 AND 4094),
    name text,
    description text NOT NULL DEFAULT '',
    mtu integer NOT NULL DEFAULT 1500 CHECK (mtu BETWEEN 552 AND 65535),
    dhcp_on boolean NOT NULL DEFAULT false,
    external_dhcp text,
    primary_rack_id bigint REFERENCES nodes (id) ON DELETE SET NULL,
    secondary_rack_id bigint REFERENCES nodes (id) ON DELETE SET NULL,
    relay_vlan_id bigint REFERENCES vlans (id) ON DELETE SET NULL,
    space text,
    created timestamptz NOT NULL DEFAULT now(),
    updated timestamptz NOT NULL DEFAULT now(),
    UNIQUE (fabric_id, vid)
);

CREATE TABLE subnets (
    id bigserial PRIMARY KEY,
    name text NOT NULL,
    description text NOT NULL DEFAULT '',
    vlan_id bigint NOT NULL REFERENCES vlans (id) ON DELETE RESTRICT,
    cidr cidr NOT NULL UNIQUE,
    gateway_ip inet,
    dns_servers text[] NOT NULL DEFAULT '{}',
    managed boolean NOT NULL DEFAULT true,
    allow_dns boolean NOT NULL DEFAULT true,
    allow_proxy boolean NOT NULL DEFAULT true,
    active_discovery boolean NOT NULL DEFAULT false,
    rdns_mode integer NOT NULL DEFAULT 2,
    created timestamptz NOT NULL DEFAULT now(),
    updated timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE ipranges (
    id bigserial PRIMARY KEY,
    subnet_id bigint NOT NULL REFERENCES subnets (id) ON DELETE CASCADE,
    type text NOT NULL CHECK (type IN ('dynamic', 'reserved')),
    start_ip inet NOT NULL,
    end_ip inet NOT NULL,
    comment text NOT NULL DEFAULT '',
    user_id bigint REFERENCES users (id) ON DELETE SET NULL,
    created timestamptz NOT NULL DEFAULT now(),
    updated timestamptz NOT NULL DEFAULT now(),
    CHECK (start_ip <= end_ip)
);
CREATE INDEX ipranges_subnet ON ipranges (subnet_id);

-- Interfaces of controllers and machines; racks report theirs on registration.
CREATE TABLE interfaces (
    id bigserial PRIMARY KEY,
    node_id bigint NOT NULL REFERENCES nodes (id) ON DELETE CASCADE,
    name text NOT NULL,
    type text NOT NULL DEFAULT 'physical',
    mac_address text,
    enabled boolean NOT NULL DEFAULT true,
    vlan_id bigint REFERENCES vlans (id) ON DELETE SET NULL,
    UNIQUE (node_id, name)
);
CREATE UNIQUE INDEX interfaces_physical_mac ON interfaces (mac_address) WHERE type = 'physical';

CREATE TABLE interface_addresses (
    id bigserial PRIMARY KEY,
    interface_id bigint NOT NULL REFERENCES interfaces (id) ON DELETE CASCADE,
    subnet_id bigint REFERENCES subnets (id) ON DELETE SET NULL,
    ip inet NOT NULL,
    mode text NOT NULL DEFAULT 'static'
);

CREATE TABLE services (
    node_id bigint NOT NULL REFERENCES nodes (id) ON DELETE CASCADE,
    name text NOT NULL,
    status text NOT NULL DEFAULT 'unknown'
        CHECK (status IN ('unknown', 'running', 'degraded', 'dead', 'off')),
    status_info text NOT NULL DEFAULT '',
    PRIMARY KEY (node_id, name)
);

-- One row per live region worker: how racks and other regions find it.
CREATE TABLE region_processes (
    id bigserial PRIMARY KEY,
    node_id bigint NOT NULL REFERENCES nodes (id) ON DELETE CASCADE,
    hostname text NOT NULL,
    pid integer NOT NULL,
    worker_index integer NOT NULL,
    http_address text NOT NULL,
    http_port integer NOT NULL,
    rpc_address text NOT NULL,
    rpc_port integer NOT NULL,
    started timestamptz NOT NULL DEFAULT now(),
    heartbeat timestamptz NOT NULL DEFAULT now(),
    UNIQUE (hostname, pid)
);

-- MAAS starts with fabric-0 and its untagged VLAN.
INSERT INTO fabrics (name) VALUES ('fabric-0');
INSERT INTO vlans (fabric_id, vid, name) SELECT id, 0, 'untagged' FROM fabrics WHERE name = 'fabric-0';
