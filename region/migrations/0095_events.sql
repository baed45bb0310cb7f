-- The event log (`events query`): who did what, to which node, when and from where. A node's
-- events outlive it: node_id is cleared on delete, its system_id and hostname stay.
CREATE TABLE events (
    id bigserial PRIMARY KEY,
    created timestamptz NOT NULL DEFAULT now(),
    type_name text NOT NULL,
    type_description text NOT NULL,
    level integer NOT NULL,
    node_id bigint REFERENCES nodes (id) ON DELETE SET NULL,
    node_system_id text,
    hostname text NOT NULL DEFAULT '',
    username text NOT NULL DEFAULT '',
    ip_address text NOT NULL DEFAULT '',
    description text NOT NULL DEFAULT ''
);
CREATE INDEX events_node ON events (node_id, id);
CREATE INDEX events_level ON events (level, id);
