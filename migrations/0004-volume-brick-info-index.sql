-- heketi-ts: volume info lists a volume's bricks in id order with their BrickInfo fields (id,
-- path, device, node, size). An index holding those columns answers that read from one index
-- page instead of one table page per brick and a sort: building a volume's info on a response
-- cache miss (nearly every volume read at 50,000 volumes) went from ~85 to ~70 µs of CPU
-- (docs/benchmarks.md). It also serves every other lookup by volume, which the index it replaces
-- did: a volume's few bricks are sorted by position after the lookup.
CREATE INDEX bricks_info_by_volume ON bricks(volume_id, id, path, device_id, node_id, size_kib);
DROP INDEX bricks_by_volume;
