import type { Db } from '../db.js';

export class AttributeRepo {
  private readonly getStmt;
  private readonly setStmt;
  private readonly all;

  constructor(db: Db) {
    this.getStmt = db.prepare<[string], { value: string }>('SELECT value FROM db_attributes WHERE key = ?');
    this.setStmt = db.prepare('INSERT INTO db_attributes (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
    this.all = db.prepare<[], { key: string; value: string }>('SELECT key, value FROM db_attributes ORDER BY key');
  }

  get(key: string): string | undefined {
    return this.getStmt.get(key)?.value;
  }

  set(key: string, value: string): void {
    this.setStmt.run(key, value);
  }

  list(): { key: string; value: string }[] {
    return this.all.all();
  }
}
