import type { EntityState, Node } from '../../domain/entities.js';
import type { Db } from '../db.js';
import { StampedLists } from '../stamped-lists.js';

interface NodeRow {
  id: string;
  cluster_id: string;
  zone: number;
  manage_hostnames: string;
  storage_hostnames: string;
  tags: string;
  state: string;
}

const toNode = (r: NodeRow): Node => ({
  id: r.id,
  clusterId: r.cluster_id,
  zone: r.zone,
  manageHostnames: JSON.parse(r.manage_hostnames) as string[],
  storageHostnames: JSON.parse(r.storage_hostnames) as string[],
  tags: JSON.parse(r.tags) as Record<string, string>,
  state: r.state as EntityState,
});

const toRow = (n: Node): NodeRow => ({
  id: n.id,
  cluster_id: n.clusterId,
  zone: n.zone,
  manage_hostnames: JSON.stringify(n.manageHostnames),
  storage_hostnames: JSON.stringify(n.storageHostnames),
  tags: JSON.stringify(n.tags),
  state: n.state,
});

/** A node as Heketi's heketi_device_count shows it: its cluster, first hostnames and device count. */
export interface HostGaugeRow {
  cluster: string;
  hostname: string;
  storageHostname: string;
  devices: number;
}

export class NodeRepo {
  private readonly byId;
  private readonly byCluster;
  private readonly idsInCluster;
  private readonly mountHostsInCluster;
  private readonly mountHostsCache;
  private readonly all;
  private readonly hostGauges;
  private readonly insertStmt;
  private readonly updateStmt;
  private readonly deleteStmt;
  private readonly hostnameOwner;
  private readonly registerStmt;

  constructor(db: Db) {
    this.byId = db.prepare<[string], NodeRow>('SELECT * FROM nodes WHERE id = ?');
    this.byCluster = db.prepare<[string], NodeRow>('SELECT * FROM nodes WHERE cluster_id = ? ORDER BY id');
    this.idsInCluster = db.prepare<[string], string>('SELECT id FROM nodes WHERE cluster_id = ? ORDER BY id').pluck();
    // Every volume info of a cluster lists the same mount hosts: at 10,000 volumes reading them
    // for each volume was a third of a GET /volumes/{id} miss (docs/benchmarks.md).
    this.mountHostsCache = new StampedLists(db);
    this.mountHostsInCluster = db
      .prepare<[string], string>("SELECT json_extract(storage_hostnames, '$[0]') FROM nodes WHERE cluster_id = ? ORDER BY id")
      .pluck();
    this.all = db.prepare<[], NodeRow>('SELECT * FROM nodes ORDER BY id');
    this.hostGauges = db.prepare<[], HostGaugeRow>(`SELECT cluster_id AS cluster,
      coalesce(json_extract(manage_hostnames, '$[0]'), '') AS hostname,
      coalesce(json_extract(storage_hostnames, '$[0]'), '') AS storageHostname,
      (SELECT count(*) FROM devices d WHERE d.node_id = nodes.id) AS devices FROM nodes ORDER BY cluster_id, id`);
    this.insertStmt = db.prepare(`INSERT INTO nodes (id, cluster_id, zone, manage_hostnames, storage_hostnames, tags, state)
      VALUES (@id, @cluster_id, @zone, @manage_hostnames, @storage_hostnames, @tags, @state)`);
    this.updateStmt = db.prepare(`UPDATE nodes SET cluster_id = @cluster_id, zone = @zone, manage_hostnames = @manage_hostnames,
      storage_hostnames = @storage_hostnames, tags = @tags, state = @state WHERE id = @id`);
    this.deleteStmt = db.prepare('DELETE FROM nodes WHERE id = ?');
    this.hostnameOwner = db.prepare<[string, string], { node_id: string }>(
      'SELECT node_id FROM node_hostnames WHERE kind = ? AND hostname = ?',
    );
    this.registerStmt = db.prepare('INSERT INTO node_hostnames (kind, hostname, node_id) VALUES (?, ?, ?)');
  }

  get(id: string): Node | undefined {
    const r = this.byId.get(id);
    return r && toNode(r);
  }

  listByCluster(clusterId: string): Node[] {
    return this.byCluster.all(clusterId).map(toNode);
  }

  /** Node ids of the cluster in id order, without building the nodes (cluster info). */
  idsByCluster(clusterId: string): string[] {
    return this.idsInCluster.all(clusterId);
  }

  /**
   * The first storage hostname of every node of the cluster, in node-id order: a volume's mount
   * hosts. Read in SQL because every GET /volumes/{id} needs them (docs/benchmarks.md).
   */
  firstStorageHostnamesByCluster(clusterId: string): string[] {
    return this.mountHostsCache.get(clusterId, () => this.mountHostsInCluster.all(clusterId));
  }

  list(): Node[] {
    return this.all.all().map(toNode);
  }

  /** Every node's first hostnames and device count, by cluster and node id (Heketi's heketi_device_count). */
  listHostGaugeRows(): HostGaugeRow[] {
    return this.hostGauges.all();
  }

  /** The node that already uses a manage or storage hostname, if any. */
  hostnameOwnerOf(kind: 'manage' | 'storage', hostname: string): string | undefined {
    return this.hostnameOwner.get(kind, hostname)?.node_id;
  }

  /** Inserts the node and registers its hostnames (the caller checked they are free). */
  insert(n: Node): void {
    this.insertStmt.run(toRow(n));
    for (const h of new Set(n.manageHostnames)) this.registerStmt.run('manage', h, n.id);
    for (const h of new Set(n.storageHostnames)) this.registerStmt.run('storage', h, n.id);
  }

  update(n: Node): void {
    this.updateStmt.run(toRow(n));
  }

  /** Deletes the node; its hostname registrations go with it (ON DELETE CASCADE). */
  delete(id: string): void {
    this.deleteStmt.run(id);
  }
}
