-- BMC power: consecutive failed calls through a learned route; the route is dropped after a
-- few in a row (power/route_learning), so a rack that lost its way to a BMC stops owning it.
ALTER TABLE bmc_routes ADD COLUMN failures integer NOT NULL DEFAULT 0;
