-- Power state reports arrive from a rack's report queue with sequence numbers (rack/README.md,
-- "Power drivers"): the rack resends a report until a region answers it, so the last one
-- applied per rack is kept, updated in the transaction that stores the states, and a report
-- sent again after a lost answer changes nothing (a failed poll is not counted twice against a
-- learned route). A new queue (rackd restarted) starts the count again.
CREATE TABLE rack_power_reports (
    rack_node_id bigint PRIMARY KEY REFERENCES nodes (id) ON DELETE CASCADE,
    queue text NOT NULL,
    applied_seq bigint NOT NULL
);
