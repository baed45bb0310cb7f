-- The controllers among 10,000 machines without reading every node: the list cache's stamp
-- (the live racks, the controllers' last_seen) runs on every cached read, and the controller
-- lists select by node type.
CREATE INDEX nodes_node_type ON nodes (node_type);
