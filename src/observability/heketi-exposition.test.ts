import { describe, expect, it } from 'vitest';
import { escapeLabelValue, renderInFlightGauge, renderStoredGauges, type HeketiGaugeValues } from './heketi-exposition.js';

/** The whole of Heketi's gauges as HeketiGauges.render writes them. */
const renderHeketiGauges = (values: HeketiGaugeValues | null, inFlight: number): string =>
  `${renderStoredGauges(values)}\n\n${renderInFlightGauge(inFlight)}`;

const device = {
  cluster: 'c1',
  device: '/dev/sdb',
  hostname: 'm1',
  id: 'd1',
  pvUuid: 'pv1',
  storageHostname: 's1',
  totalKib: 100,
  freeKib: 60,
  usedKib: 40,
  bricks: 2,
};

const values: HeketiGaugeValues = {
  clusters: [
    { id: 'c1', volumes: 3, blockVolumes: 1 },
    { id: 'c2', volumes: 0, blockVolumes: 0 },
  ],
  hosts: [
    { cluster: 'c1', hostname: 'm1', storageHostname: 's1', devices: 1 },
    { cluster: 'c1', hostname: 'm2', storageHostname: 's2', devices: 0 },
  ],
  devices: [device],
  operations: { stale: 1, failed: 2, new: 3, total: 6 },
};

const dev = 'cluster="c1",device="/dev/sdb",hostname="m1",id="d1",pv_uuid="pv1",storage_hostname="s1"';

describe('renderHeketiGauges', () => {
  it("writes Heketi's families in order, one blank line between them, every series with its labels", () => {
    expect(renderHeketiGauges(values, 4)).toBe(
      [
        '# HELP heketi_up Is heketi running?\n# TYPE heketi_up gauge\nheketi_up 1',
        '# HELP heketi_cluster_count Number of clusters\n# TYPE heketi_cluster_count gauge\nheketi_cluster_count 2',
        '# HELP heketi_volumes_count Number of volumes on cluster\n# TYPE heketi_volumes_count gauge\n' +
          'heketi_volumes_count{cluster="c1"} 3\nheketi_volumes_count{cluster="c2"} 0',
        '# HELP heketi_block_volumes_count Number of block volumes on cluster\n# TYPE heketi_block_volumes_count gauge\n' +
          'heketi_block_volumes_count{cluster="c1"} 1\nheketi_block_volumes_count{cluster="c2"} 0',
        '# HELP heketi_nodes_count Number of nodes on cluster\n# TYPE heketi_nodes_count gauge\n' +
          'heketi_nodes_count{cluster="c1"} 2\nheketi_nodes_count{cluster="c2"} 0',
        '# HELP heketi_device_count Number of devices on host\n# TYPE heketi_device_count gauge\n' +
          'heketi_device_count{cluster="c1",hostname="m1",storage_hostname="s1"} 1\n' +
          'heketi_device_count{cluster="c1",hostname="m2",storage_hostname="s2"} 0',
        `# HELP heketi_device_size Total size of the device\n# TYPE heketi_device_size gauge\nheketi_device_size{${dev}} 100`,
        `# HELP heketi_device_free Amount of Free space available on the device\n# TYPE heketi_device_free gauge\nheketi_device_free{${dev}} 60`,
        `# HELP heketi_device_used Amount of space used on the device\n# TYPE heketi_device_used gauge\nheketi_device_used{${dev}} 40`,
        `# HELP heketi_device_size_bytes Total size of the device in bytes\n# TYPE heketi_device_size_bytes gauge\nheketi_device_size_bytes{${dev}} 102400`,
        '# HELP heketi_device_free_bytes Amount of Free space available on the device in bytes\n# TYPE heketi_device_free_bytes gauge\n' +
          `heketi_device_free_bytes{${dev}} 61440`,
        `# HELP heketi_device_used_bytes Amount of space used on the device in bytes\n# TYPE heketi_device_used_bytes gauge\nheketi_device_used_bytes{${dev}} 40960`,
        `# HELP heketi_device_brick_count Number of bricks on device\n# TYPE heketi_device_brick_count gauge\nheketi_device_brick_count{${dev}} 2`,
        '# HELP heketi_operations_stale_count Number of Stale Operations\n# TYPE heketi_operations_stale_count gauge\nheketi_operations_stale_count 1',
        '# HELP heketi_operations_failed_count Number of Failed Operations\n# TYPE heketi_operations_failed_count gauge\nheketi_operations_failed_count 2',
        '# HELP heketi_operations_new_count Number of New Operations\n# TYPE heketi_operations_new_count gauge\nheketi_operations_new_count 3',
        '# HELP heketi_operations_total_count Total Number of Operations\n# TYPE heketi_operations_total_count gauge\nheketi_operations_total_count 6',
        '# HELP heketi_operations_inFlight_count Number of in flight Operations\n# TYPE heketi_operations_inFlight_count gauge\nheketi_operations_inFlight_count 4',
      ].join('\n\n'),
    );
  });

  it('keeps one series, the later count, when two nodes of a cluster share their first hostnames', () => {
    const text = renderHeketiGauges({
      ...values,
      hosts: [
        { cluster: 'c1', hostname: 'm1', storageHostname: 's1', devices: 1 },
        { cluster: 'c1', hostname: 'm2', storageHostname: 's2', devices: 5 },
        { cluster: 'c1', hostname: 'm1', storageHostname: 's1', devices: 3 },
      ],
    }, 0);
    expect(text.split('\n').filter((l) => l.startsWith('heketi_device_count{'))).toEqual([
      'heketi_device_count{cluster="c1",hostname="m1",storage_hostname="s1"} 3',
      'heketi_device_count{cluster="c1",hostname="m2",storage_hostname="s2"} 5',
    ]);
  });

  it('escapes backslashes, newlines and double quotes in label values', () => {
    expect(escapeLabelValue('/dev/a"b\\c\nd')).toBe('/dev/a\\"b\\\\c\\nd');
    const text = renderHeketiGauges({ ...values, devices: [{ ...device, device: 'x"y\nz' }] }, 0);
    expect(text).toContain('heketi_device_size{cluster="c1",device="x\\"y\\nz",hostname="m1"');
    const deviceLines = text.split('\n').filter((l) => l.includes('id="d1"'));
    expect(deviceLines).toHaveLength(7);
    for (const line of deviceLines) expect(line).toContain('device="x\\"y\\nz"');
  });

  it('shows heketi_up 0, the unlabelled gauges at 0 and no labelled series when the database could not be read', () => {
    const lines = renderHeketiGauges(null, 0).split('\n');
    expect(lines.filter((l) => !l.startsWith('#') && l !== '')).toEqual([
      'heketi_up 0',
      'heketi_cluster_count 0',
      'heketi_operations_stale_count 0',
      'heketi_operations_failed_count 0',
      'heketi_operations_new_count 0',
      'heketi_operations_total_count 0',
      'heketi_operations_inFlight_count 0',
    ]);
    expect(lines.filter((l) => l.startsWith('# TYPE '))).toHaveLength(18);
  });
});
