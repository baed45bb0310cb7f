-- Notifications as MAAS keeps them: a message for one user, for every non-admin user
-- (`users`), for every admin (`admins`), or any mix; each user dismisses it for themselves.
-- `ident` names the condition a notification is about and is unique while set. Rows the
-- region raises itself (`raised_by_region`) are cleared by the region when the condition ends.
CREATE TABLE notifications (
    id bigserial PRIMARY KEY,
    ident text,
    user_id bigint REFERENCES users (id) ON DELETE CASCADE,
    users boolean NOT NULL DEFAULT false,
    admins boolean NOT NULL DEFAULT false,
    message text NOT NULL CHECK (message <> ''),
    context jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(context) = 'object'),
    category text NOT NULL DEFAULT 'info'
        CHECK (category IN ('error', 'warning', 'success', 'info')),
    dismissable boolean NOT NULL DEFAULT true,
    raised_by_region boolean NOT NULL DEFAULT false,
    created timestamptz NOT NULL DEFAULT now(),
    updated timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX notifications_ident ON notifications (ident) WHERE ident IS NOT NULL;

CREATE TABLE notification_dismissals (
    notification_id bigint NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (notification_id, user_id)
);

-- Each time a reported service leaves `running` for `degraded` or `dead`: what makes a
-- service crash-looping (several such falls in a short time). Old rows are pruned by the
-- region's notification pass.
CREATE TABLE service_failures (
    node_id bigint NOT NULL REFERENCES nodes (id) ON DELETE CASCADE,
    name text NOT NULL,
    status text NOT NULL,
    at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX service_failures_node ON service_failures (node_id, name, at);

CREATE FUNCTION services_record_failure() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.status = 'running' AND NEW.status IN ('degraded', 'dead') THEN
        INSERT INTO service_failures (node_id, name, status) VALUES (NEW.node_id, NEW.name, NEW.status);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER services_failure AFTER UPDATE OF status ON services
    FOR EACH ROW EXECUTE FUNCTION services_record_failure();

-- How many workers each region worker's host runs (regiond.conf's num_workers), so a region's
-- status can say running (all of them heartbeating), degraded (some) or dead (none).
ALTER TABLE region_processes ADD COLUMN num_workers integer NOT NULL DEFAULT 1;
