import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from './db.js';
import { StampedLists } from './stamped-lists.js';

describe('StampedLists', () => {
  let db: Db;
  let loads: number;
  const names = () => {
    loads++;
    return db.prepare<[], string>('SELECT name FROM t ORDER BY name').pluck().all();
  };
  beforeEach(() => {
    db = new Database(':memory:');
    db.exec("CREATE TABLE t (name TEXT); INSERT INTO t VALUES ('a'), ('b')");
    loads = 0;
  });
  afterEach(() => db.close());

  it('reads a list once while the database stays the same, and again after any change', () => {
    const lists = new StampedLists(db);
    expect(lists.get('k', names)).toEqual(['a', 'b']);
    expect(lists.get('k', names)).toEqual(['a', 'b']);
    expect(loads).toBe(1);
    db.exec("UPDATE t SET name = 'c' WHERE name = 'b'");
    expect(lists.get('k', names)).toEqual(['a', 'c']);
    expect(loads).toBe(2);
  });

  it('keeps one list per key', () => {
    const lists = new StampedLists(db);
    lists.get('one', names);
    lists.get('two', names);
    lists.get('one', names);
    expect(loads).toBe(2);
  });

  it('keeps nothing read inside a transaction, which may still be rolled back', () => {
    const lists = new StampedLists(db);
    expect(() =>
      db.transaction(() => {
        db.exec("INSERT INTO t VALUES ('z')");
        expect(lists.get('k', names)).toEqual(['a', 'b', 'z']);
        throw new Error('roll back');
      })(),
    ).toThrow('roll back');
    expect(lists.get('k', names)).toEqual(['a', 'b']);
  });

  it('hands every caller a copy of its own', () => {
    const lists = new StampedLists(db);
    lists.get('k', names).push('mine');
    expect(lists.get('k', names)).toEqual(['a', 'b']);
  });
});
