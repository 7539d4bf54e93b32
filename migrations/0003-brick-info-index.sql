-- heketi-ts: device and node info list a device's bricks in id order with their BrickInfo fields
-- (id, path, node, volume, size). An index holding those columns answers that read from its own
-- pages, in order, instead of one table page per brick and a sort: at 10,000 volumes it halved
-- the cost of building a device's info (docs/benchmarks.md). It also serves every other lookup by
-- device, which the index it replaces did.
CREATE INDEX bricks_info_by_device ON bricks(device_id, id, path, node_id, volume_id, size_kib);
DROP INDEX bricks_by_device;
