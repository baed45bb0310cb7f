-- BMC power: which racks have reached which BMC address (eligibility when no rack has an
-- interface on the BMC's subnet). Learned from every successful power call or poll.
CREATE TABLE bmc_routes (
    rack_node_id bigint NOT NULL REFERENCES nodes (id) ON DELETE CASCADE,
    bmc_address text NOT NULL,
    learned timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (rack_node_id, bmc_address)
);
