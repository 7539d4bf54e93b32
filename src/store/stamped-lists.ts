import { ChangeStamp } from './change-stamp.js';
import type { Db } from './db.js';

/**
 * Lists read from the database, remembered until it changes (see ChangeStamp). Only used outside
 * transactions, so an uncommitted (or later rolled back) row is never kept. Each caller gets its
 * own copy.
 */
export class StampedLists {
  private readonly stamp;
  private lastStamp = '';
  private readonly values = new Map<string, string[]>();

  constructor(db: Db) {
    this.stamp = new ChangeStamp(db);
  }

  get(key: string, load: () => string[]): string[] {
    const stamp = this.stamp.current();
    if (stamp === null) return load();
    if (stamp !== this.lastStamp) {
      this.lastStamp = stamp;
      this.values.clear();
    }
    let list = this.values.get(key);
    if (list === undefined) this.values.set(key, (list = load()));
    return list.slice();
  }
}
