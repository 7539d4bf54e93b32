-- heketi-ts: a revision per volume that moves whenever anything its volume info shows may have
-- changed: its row, one of its bricks, one of its block volumes. The server keeps a compact
-- record of each volume's info (api/mappers/volume-info-json.ts) and, once the database has
-- changed, checks it against this revision, so a record outlives writes to other volumes: before,
-- any write anywhere threw every record away, and at 50,000 volumes most reads after a write paid
-- for a database read (docs/benchmarks.md, "Volume records kept by revision").
--
-- Revisions come from one counter for the whole table, never from the row alone: a volume deleted
-- and created again under the same id must not meet its old record's revision. A rolled-back
-- transaction rolls its revisions back with the rows, and nothing is kept from inside a transaction.
CREATE TABLE volume_info_revisions (
  id   INTEGER PRIMARY KEY CHECK (id = 1),
  last INTEGER NOT NULL
);
INSERT INTO volume_info_revisions (id, last) VALUES (1, 0);

ALTER TABLE volumes ADD COLUMN info_rev INTEGER NOT NULL DEFAULT 0;

-- One trigger per table and event, as SQLite has no procedures to share the two statements.
-- The guard `NEW.info_rev IS OLD.info_rev` keeps the triggers' own update of info_rev from
-- counting again (and from recursing, were recursive triggers turned on).
CREATE TRIGGER volume_info_rev_on_insert AFTER INSERT ON volumes BEGIN
  UPDATE volume_info_revisions SET last = last + 1;
  UPDATE volumes SET info_rev = (SELECT last FROM volume_info_revisions) WHERE id = NEW.id;
END;

CREATE TRIGGER volume_info_rev_on_update AFTER UPDATE ON volumes WHEN NEW.info_rev IS OLD.info_rev BEGIN
  UPDATE volume_info_revisions SET last = last + 1;
  UPDATE volumes SET info_rev = (SELECT last FROM volume_info_revisions) WHERE id = NEW.id;
END;

CREATE TRIGGER volume_info_rev_on_brick_insert AFTER INSERT ON bricks BEGIN
  UPDATE volume_info_revisions SET last = last + 1;
  UPDATE volumes SET info_rev = (SELECT last FROM volume_info_revisions) WHERE id = NEW.volume_id;
END;

CREATE TRIGGER volume_info_rev_on_brick_update AFTER UPDATE ON bricks BEGIN
  UPDATE volume_info_revisions SET last = last + 1;
  UPDATE volumes SET info_rev = (SELECT last FROM volume_info_revisions) WHERE id IN (OLD.volume_id, NEW.volume_id);
END;

CREATE TRIGGER volume_info_rev_on_brick_delete AFTER DELETE ON bricks BEGIN
  UPDATE volume_info_revisions SET last = last + 1;
  UPDATE volumes SET info_rev = (SELECT last FROM volume_info_revisions) WHERE id = OLD.volume_id;
END;

CREATE TRIGGER volume_info_rev_on_block_volume_insert AFTER INSERT ON block_volumes BEGIN
  UPDATE volume_info_revisions SET last = last + 1;
  UPDATE volumes SET info_rev = (SELECT last FROM volume_info_revisions) WHERE id = NEW.bhv_id;
END;

CREATE TRIGGER volume_info_rev_on_block_volume_update AFTER UPDATE ON block_volumes BEGIN
  UPDATE volume_info_revisions SET last = last + 1;
  UPDATE volumes SET info_rev = (SELECT last FROM volume_info_revisions) WHERE id IN (OLD.bhv_id, NEW.bhv_id);
END;

CREATE TRIGGER volume_info_rev_on_block_volume_delete AFTER DELETE ON block_volumes BEGIN
  UPDATE volume_info_revisions SET last = last + 1;
  UPDATE volumes SET info_rev = (SELECT last FROM volume_info_revisions) WHERE id = OLD.bhv_id;
END;
