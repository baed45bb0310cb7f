-- Addresses users reserve for use outside MAAS (`ipaddresses reserve`), MAAS's USER_RESERVED
-- StaticIPAddress rows: no MAAS machine or DHCP pool may hand them out until released.
CREATE TABLE ip_reservations (
    id bigserial PRIMARY KEY,
    ip inet NOT NULL UNIQUE,
    subnet_id bigint NOT NULL REFERENCES subnets (id) ON DELETE CASCADE,
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    hostname text NOT NULL DEFAULT '',
    mac_address text,
    created timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ip_reservations_user ON ip_reservations (user_id);
