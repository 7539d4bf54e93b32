-- heketi-ts: volumes a drift repair marked missing (gluster lost them; their bricks still hold
-- data). The mark goes with the volume.
CREATE TABLE volume_drift_marks (
  volume_id  TEXT PRIMARY KEY REFERENCES volumes(id) ON DELETE CASCADE,
  kind       TEXT NOT NULL,
  since      INTEGER NOT NULL
);
