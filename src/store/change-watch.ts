import type { Db } from './db.js';

/**
 * Calls `onChange` after rows changed through this connection, at most once per `intervalMs`.
 * It reads SQLite's total_changes() counter, so every write is seen — inside or outside a
 * Store transaction, by a request or by a background job — without hooking each writer.
 * Returns the function that stops watching (call it before the database is closed).
 */
export function watchChanges(db: Db, onChange: () => void, intervalMs = 500): () => void {
  const counter = db.prepare('SELECT total_changes() AS n').pluck();
  let seen = counter.get() as number;
  const timer = setInterval(() => {
    if (!db.open) return;
    const now = counter.get() as number;
    if (now === seen) return;
    seen = now;
    onChange();
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
