import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
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

  it('reads the database again only once it has changed; the operations in flight at every scrape', () => {
    dir = mkdtempSync(join(tmpdir(), 'heketi-gauges-'));
    const store = openStore(join(dir, 'heketi.db'));
    const reads = vi.spyOn(store.devices, 'listGaugeRows');
    let inFlight = 1;
    const gauges = new HeketiGauges(store, () => inFlight);
    const first = gauges.render();
    inFlight = 2;
    const second = gauges.render();
    expect(reads).toHaveBeenCalledTimes(1);
    expect(second).toBe(first.replace('heketi_operations_inFlight_count 1', 'heketi_operations_inFlight_count 2'));
    store.clusters.insert({ id: 'a'.repeat(32), block: true, file: true });
    const third = gauges.render();
    expect(reads).toHaveBeenCalledTimes(2);
    expect(third).toContain('\nheketi_cluster_count 1\n');
    expect(third).toContain(`\nheketi_volumes_count{cluster="${'a'.repeat(32)}"} 0\n`);
    // A commit by another connection moves the stamp too.
    const other = openStore(join(dir, 'heketi.db'));
    other.clusters.insert({ id: 'b'.repeat(32), block: true, file: true });
    other.close();
    const fourth = gauges.render();
    store.close();
    expect(reads).toHaveBeenCalledTimes(3);
    expect(fourth).toContain('\nheketi_cluster_count 2\n');
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
