-- The API's TLS settings as `maas config-tls enable` stores them: one row (TLS on) or none
-- (off). Every region serves HTTPS on `port` with this key and certificate; the key is as
-- private as the shared secret. A change NOTIFYs maas_tls_changed, so every worker switches
-- at once (and its heartbeat re-reads the row, should a notification be missed).
CREATE TABLE tls_config (
    id integer PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    key_pem text NOT NULL,
    cert_pem text NOT NULL,
    cacert_pem text NOT NULL DEFAULT '',
    port integer NOT NULL CHECK (port BETWEEN 1 AND 65535),
    updated timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION tls_config_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('maas_tls_changed', '');
    RETURN NULL;
END
$$;

CREATE TRIGGER tls_config_changed AFTER INSERT OR UPDATE OR DELETE ON tls_config
    FOR EACH STATEMENT EXECUTE FUNCTION tls_config_notify();
