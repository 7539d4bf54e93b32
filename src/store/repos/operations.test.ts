import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ChangeType, OperationType } from '../../domain/entities.js';
import { openStore, type Store } from '../store.js';
import type { StoredOperation } from './operations.js';

const record: StoredOperation = {
  id: 'a'.repeat(32),
  type: OperationType.RemoveDevice,
  timestamp: 1700000000,
  status: '',
  phase: 'build',
  actions: [{ change: ChangeType.RemoveDevice, id: 'b'.repeat(32) }],
  payload: { deviceId: 'b'.repeat(32) },
};

describe('OperationRepo.patch', () => {
  let dir = '';
  let store: Store | null = null;
  const open = (): Store => {
    dir = mkdtempSync(join(tmpdir(), 'heketi-ts-oprepo-'));
    store = openStore(join(dir, 'heketi.db'));
    return store;
  };

  afterEach(() => {
    store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('rewrites only the given fields of a stored record', () => {
    const s = open();
    s.operations.insert(record);
    s.operations.patch(record.id, { phase: 'exec-done', payload: { deviceId: 'b'.repeat(32), childId: null } });
    expect(s.operations.get(record.id)).toEqual({ ...record, phase: 'exec-done', payload: { deviceId: 'b'.repeat(32), childId: null } });
  });

  it('leaves a deleted record deleted', () => {
    const s = open();
    s.operations.patch(record.id, { status: 'failed' });
    expect(s.operations.get(record.id)).toBeUndefined();
    expect(s.operations.list()).toEqual([]);
  });
});
