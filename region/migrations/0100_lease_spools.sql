-- Lease events arrive from a rack's on-disk spool with sequence numbers (rack/README.md,
-- "Lease events across a region outage"): the last one applied per rack, updated in the same
-- transaction as the leases, so a batch sent again after a lost acknowledgement changes
-- nothing. A new spool (another spool id) starts the count again.
CREATE TABLE rack_lease_spools (
    rack_node_id bigint PRIMARY KEY REFERENCES nodes (id) ON DELETE CASCADE,
    spool text NOT NULL,
    applied_seq bigint NOT NULL
);
