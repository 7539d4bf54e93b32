-- heketi-ts initial schema. Sizes are KiB unless the column says gib, as in Heketi.
-- JSON columns hold lists and maps that are always read and written whole.

CREATE TABLE clusters (
  id    TEXT PRIMARY KEY,
  block INTEGER NOT NULL,
  file  INTEGER NOT NULL
);

CREATE TABLE nodes (
  id                TEXT PRIMARY KEY,
  cluster_id        TEXT NOT NULL REFERENCES clusters(id),
  zone              INTEGER NOT NULL,
  manage_hostnames  TEXT NOT NULL,
  storage_hostnames TEXT NOT NULL,
  tags              TEXT NOT NULL,
  state             TEXT NOT NULL
);
CREATE INDEX nodes_by_cluster ON nodes(cluster_id);

-- Heketi's hostname registry: every manage and storage hostname belongs to one node.
CREATE TABLE node_hostnames (
  kind     TEXT NOT NULL CHECK (kind IN ('manage', 'storage')),
  hostname TEXT NOT NULL,
  node_id  TEXT NOT NULL REFERENCES nodes(id) ON DELETE CASCADE,
  PRIMARY KEY (kind, hostname)
);

CREATE TABLE devices (
  id          TEXT PRIMARY KEY,
  node_id     TEXT NOT NULL REFERENCES nodes(id),
  name        TEXT NOT NULL,
  tags        TEXT NOT NULL,
  state       TEXT NOT NULL,
  total_kib   INTEGER NOT NULL,
  free_kib    INTEGER NOT NULL,
  used_kib    INTEGER NOT NULL,
  extent_kib  INTEGER NOT NULL,
  paths       TEXT NOT NULL,
  pv_uuid     TEXT NOT NULL,
  CHECK (free_kib >= 0 AND used_kib >= 0)
);
CREATE INDEX devices_by_node ON devices(node_id);

CREATE TABLE volumes (
  id                 TEXT PRIMARY KEY,
  cluster_id         TEXT NOT NULL REFERENCES clusters(id),
  name               TEXT NOT NULL,
  size_gib           INTEGER NOT NULL,
  durability         TEXT NOT NULL,
  gid                INTEGER NOT NULL,
  block              INTEGER NOT NULL,
  snapshot_enable    INTEGER NOT NULL,
  snapshot_factor    REAL NOT NULL,
  options            TEXT NOT NULL,
  block_free_gib     INTEGER NOT NULL,
  block_reserved_gib INTEGER NOT NULL,
  block_restriction  TEXT NOT NULL,
  pending_op_id      TEXT
);
CREATE INDEX volumes_by_cluster ON volumes(cluster_id);
CREATE UNIQUE INDEX volumes_name_per_cluster ON volumes(cluster_id, name);

CREATE TABLE bricks (
  id                 TEXT PRIMARY KEY,
  device_id          TEXT NOT NULL REFERENCES devices(id),
  node_id            TEXT NOT NULL REFERENCES nodes(id),
  volume_id          TEXT NOT NULL REFERENCES volumes(id),
  path               TEXT NOT NULL,
  size_kib           INTEGER NOT NULL,
  tp_size_kib        INTEGER NOT NULL,
  pool_md_size_kib   INTEGER NOT NULL,
  sub_type           TEXT NOT NULL,
  lvm_thin_pool      TEXT NOT NULL,
  lvm_lv             TEXT NOT NULL,
  position           INTEGER NOT NULL,
  pending_op_id      TEXT
);
CREATE INDEX bricks_by_device ON bricks(device_id);
CREATE INDEX bricks_by_volume ON bricks(volume_id, position);

CREATE TABLE block_volumes (
  id               TEXT PRIMARY KEY,
  cluster_id       TEXT NOT NULL REFERENCES clusters(id),
  bhv_id           TEXT NOT NULL REFERENCES volumes(id),
  name             TEXT NOT NULL,
  size_gib         INTEGER NOT NULL,
  usable_size_gib  INTEGER NOT NULL,
  hacount          INTEGER NOT NULL,
  auth             INTEGER NOT NULL,
  hosts            TEXT NOT NULL,
  iqn              TEXT NOT NULL,
  lun              INTEGER NOT NULL,
  username         TEXT NOT NULL,
  password         TEXT NOT NULL,
  pending_op_id    TEXT
);
CREATE INDEX block_volumes_by_bhv ON block_volumes(bhv_id);
CREATE INDEX block_volumes_by_cluster ON block_volumes(cluster_id);

-- Heketi's pending operations, plus the phase heketi-ts uses to recover after a crash.
CREATE TABLE pending_operations (
  id        TEXT PRIMARY KEY,
  type      INTEGER NOT NULL,
  timestamp INTEGER NOT NULL,
  status    TEXT NOT NULL,
  phase     TEXT NOT NULL,
  actions   TEXT NOT NULL,
  payload   TEXT NOT NULL
);

-- Async HTTP jobs behind /queue/{id}. Kept in the database so a restart never forgets one.
CREATE TABLE queue_jobs (
  id          TEXT PRIMARY KEY,
  op_id       TEXT,
  status      TEXT NOT NULL CHECK (status IN ('pending', 'done', 'failed')),
  location    TEXT,
  error       TEXT,
  created_at  INTEGER NOT NULL,
  finished_at INTEGER
);

CREATE TABLE db_attributes (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
