/**
 * Heketi's `heketi_*` gauges as Prometheus text, with Heketi's names, help texts and label names
 * (pkg/metrics/metrics.go), written straight from the values read at a scrape. Written here rather
 * than through prom-client's Gauge: at 10,000 devices that is 70,000 series, which prom-client
 * hashes on every set and formats label by label, ~0.4 s of a scrape that blocks the event loop
 * (docs/benchmarks.md, "A scrape of /metrics at 50,000 volumes"). The text is the one prom-client
 * wrote: families in this order, separated by a blank line, label values escaped alike.
 */
import type { DeviceGaugeRow } from '../store/repos/devices.js';
import type { HostGaugeRow } from '../store/repos/nodes.js';

/** Everything the gauges show from the database, read in one transaction. */
export interface HeketiGaugeValues {
  clusters: { id: string; volumes: number; blockVolumes: number }[];
  /** One per node, by cluster and node id: also what heketi_nodes_count counts. */
  hosts: HostGaugeRow[];
  devices: DeviceGaugeRow[];
  operations: { stale: number; failed: number; new: number; total: number };
}

const KIB = 1024;

/** Prometheus text escaping of a label value: backslash, newline and double quote. */
export function escapeLabelValue(value: string): string {
  return /[\\\n"]/.test(value) ? value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"') : value;
}

/** A sample value as prom-client prints it (JavaScript's number text; Nan and ±Inf). */
function valueText(value: number): string {
  if (Number.isNaN(value)) return 'Nan';
  if (!Number.isFinite(value)) return value < 0 ? '-Inf' : '+Inf';
  return `${value}`;
}

const labelText = (pairs: [string, string][]): string => `{${pairs.map(([k, v]) => `${k}="${escapeLabelValue(v)}"`).join(',')}}`;

/** One family: its HELP and TYPE lines, then `name{labels} value` per series (labels may be ''). */
function family(name: string, help: string, series: Iterable<[labels: string, value: number]>): string {
  const lines = [`# HELP ${name} ${help}`, `# TYPE ${name} gauge`];
  for (const [labels, value] of series) lines.push(`${name}${labels} ${valueText(value)}`);
  return lines.join('\n');
}

/** `heketi_operations_inFlight_count`, the last family and the only one not read from the database; it follows renderStoredGauges after a blank line. */
export function renderInFlightGauge(inFlight: number): string {
  return family('heketi_operations_inFlight_count', 'Number of in flight Operations', [['', inFlight]]);
}

/**
 * Every family but the last, without a trailing newline: what the database says, so it can be kept
 * while the database is unchanged. `null` is a scrape whose database read failed: `heketi_up 0` and
 * the unlabelled gauges at 0, as Heketi's collector reports when it cannot read its db.
 */
export function renderStoredGauges(values: HeketiGaugeValues | null): string {
  const clusters = values?.clusters ?? [];
  const nodesIn = new Map<string, number>();
  for (const h of values?.hosts ?? []) nodesIn.set(h.cluster, (nodesIn.get(h.cluster) ?? 0) + 1);
  const devices = values?.devices ?? [];
  const ops = values?.operations ?? { stale: 0, failed: 0, new: 0, total: 0 };
  const perCluster = (pick: (c: HeketiGaugeValues['clusters'][number]) => number) =>
    clusters.map((c): [string, number] => [labelText([['cluster', c.id]]), pick(c)]);
  // Two nodes of a cluster may share a first hostname: one series, the later count, as a gauge set twice.
  const hostSeries = new Map<string, number>();
  for (const h of values?.hosts ?? []) {
    hostSeries.set(labelText([['cluster', h.cluster], ['hostname', h.hostname], ['storage_hostname', h.storageHostname]]), h.devices);
  }
  const deviceLabels = devices.map((d) =>
    labelText([
      ['cluster', d.cluster],
      ['device', d.device],
      ['hostname', d.hostname],
      ['id', d.id],
      ['pv_uuid', d.pvUuid],
      ['storage_hostname', d.storageHostname],
    ]),
  );
  const perDevice = (name: string, help: string, pick: (d: DeviceGaugeRow) => number) =>
    family(`heketi_${name}`, help, devices.map((d, i): [string, number] => [deviceLabels[i]!, pick(d)]));
  return [
    family('heketi_up', 'Is heketi running?', [['', values === null ? 0 : 1]]),
    family('heketi_cluster_count', 'Number of clusters', [['', clusters.length]]),
    family('heketi_volumes_count', 'Number of volumes on cluster', perCluster((c) => c.volumes)),
    family('heketi_block_volumes_count', 'Number of block volumes on cluster', perCluster((c) => c.blockVolumes)),
    family('heketi_nodes_count', 'Number of nodes on cluster', perCluster((c) => nodesIn.get(c.id) ?? 0)),
    family('heketi_device_count', 'Number of devices on host', hostSeries),
    perDevice('device_size', 'Total size of the device', (d) => d.totalKib),
    perDevice('device_free', 'Amount of Free space available on the device', (d) => d.freeKib),
    perDevice('device_used', 'Amount of space used on the device', (d) => d.usedKib),
    perDevice('device_size_bytes', 'Total size of the device in bytes', (d) => d.totalKib * KIB),
    perDevice('device_free_bytes', 'Amount of Free space available on the device in bytes', (d) => d.freeKib * KIB),
    perDevice('device_used_bytes', 'Amount of space used on the device in bytes', (d) => d.usedKib * KIB),
    perDevice('device_brick_count', 'Number of bricks on device', (d) => d.bricks),
    family('heketi_operations_stale_count', 'Number of Stale Operations', [['', ops.stale]]),
    family('heketi_operations_failed_count', 'Number of Failed Operations', [['', ops.failed]]),
    family('heketi_operations_new_count', 'Number of New Operations', [['', ops.new]]),
    family('heketi_operations_total_count', 'Total Number of Operations', [['', ops.total]]),
  ].join('\n\n');
}
