-- DHCP HA as each rack's hook reports it (DHCPHAStatus, once a second), and every takeover the
-- witness ordered. One status row per rack: a rack runs one kea-dhcp4, so one pair.
CREATE TABLE dhcp_ha_status (
    node_id bigint PRIMARY KEY REFERENCES nodes (id) ON DELETE CASCADE,
    role text NOT NULL,
    state text NOT NULL,
    partner_state text NOT NULL,
    link_up boolean NOT NULL,
    backlog bigint NOT NULL,
    last_contact_ms_ago bigint NOT NULL,
    holds_partner_leases boolean NOT NULL,
    allocation text NOT NULL,
    last_failover_ms_ago bigint NOT NULL,
    last_failover_reason text NOT NULL,
    ack_latency_avg_us bigint NOT NULL,
    updated timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE dhcp_ha_takeovers (
    id bigserial PRIMARY KEY,
    vlan_id bigint NOT NULL REFERENCES vlans (id) ON DELETE CASCADE,
    survivor_id bigint REFERENCES nodes (id) ON DELETE SET NULL,
    dead_id bigint REFERENCES nodes (id) ON DELETE SET NULL,
    reason text NOT NULL,
    at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dhcp_ha_takeovers_vlan ON dhcp_ha_takeovers (vlan_id, at);
