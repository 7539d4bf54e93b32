import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../store/store.js';
import { HeketiGauges } from './heketi-gauges.js';

let dir: string | undefined;
afterEach(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('HeketiGauges', () => {
  it('reads an empty database as up with no clusters, and the operations in flight from its source', () => {
    dir = mkdtempSync(join(tmpdir(), 'heketi-gauges-'));
    const store = openStore(join(dir, 'heketi.db'));
    const text = new HeketiGauges(store, () => 7).render();
    store.close();
    expect(text).toContain('\nheketi_up 1\n');
    expect(text).toContain('\nheketi_cluster_count 0\n');
    expect(text.endsWith('\nheketi_operations_inFlight_count 7')).toBe(true);
  });

  it('answers heketi_up 0 when the database cannot be read', () => {
    dir = mkdtempSync(join(tmpdir(), 'heketi-gauges-'));
    const store = openStore(join(dir, 'heketi.db'));
    store.close();
    const text = new HeketiGauges(store, () => 0).render();
    expect(text).toContain('\nheketi_up 0\n');
    expect(text).not.toContain('heketi_up 1');
  });
});
