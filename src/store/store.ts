import { join } from 'node:path';
import { PROJECT_ROOT } from '../project-root.js';
import { ChangeStamp } from './change-stamp.js';
import { openDatabase, type Db, type OpenDatabaseOptions } from './db.js';
import { migrate, readMigrations } from './migrate.js';
import { AttributeRepo } from './repos/attributes.js';
import { DriftMarkRepo } from './repos/drift-marks.js';
import { BlockVolumeRepo } from './repos/block-volumes.js';
import { BrickRepo } from './repos/bricks.js';
import { ClusterRepo } from './repos/clusters.js';
import { DeviceRepo } from './repos/devices.js';
import { NodeRepo } from './repos/nodes.js';
import { OperationRepo } from './repos/operations.js';
import { QueueJobRepo } from './repos/queue-jobs.js';
import { VolumeRepo } from './repos/volumes.js';
import { WalSync } from './wal-sync.js';

/** migrations/ at the project root. */
export const MIGRATIONS_DIR = join(PROJECT_ROOT, 'migrations');

/**
 * The repositories over one SQLite database. Every change a service makes goes through `tx`, so
 * it is one IMMEDIATE transaction: all of it lands or none of it does.
 */
export class Store {
  readonly clusters: ClusterRepo;
  readonly nodes: NodeRepo;
  readonly devices: DeviceRepo;
  readonly bricks: BrickRepo;
  readonly volumes: VolumeRepo;
  readonly blockVolumes: BlockVolumeRepo;
  readonly operations: OperationRepo;
  readonly jobs: QueueJobRepo;
  readonly attributes: AttributeRepo;
  /** Moves whenever the database changes; values derived from it are kept while it stays. */
  readonly changes: ChangeStamp;
  readonly driftMarks: DriftMarkRepo;
  /** Group commit of `txSyncedLater`; null when the database is not a WAL file (then every commit syncs itself). */
  private readonly walSync: WalSync | null;

  constructor(readonly db: Db) {
    this.clusters = new ClusterRepo(db);
    this.nodes = new NodeRepo(db);
    this.devices = new DeviceRepo(db);
    this.bricks = new BrickRepo(db);
    this.volumes = new VolumeRepo(db);
    this.blockVolumes = new BlockVolumeRepo(db);
    this.operations = new OperationRepo(db);
    this.jobs = new QueueJobRepo(db);
    this.attributes = new AttributeRepo(db);
    this.changes = new ChangeStamp(db);
    this.driftMarks = new DriftMarkRepo(db);
    this.walSync = !db.memory && db.pragma('journal_mode', { simple: true }) === 'wal' ? new WalSync(`${db.name}-wal`) : null;
  }

  /** One IMMEDIATE transaction, synced to disk before it returns (synchronous=FULL). */
  tx<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  /**
   * A transaction whose commit may be lost on power failure (never on a process crash):
   * synchronous=NORMAL, no fsync. Only for records whose loss recovery already handles — an
   * operation's phase and its final commit, which recovery redoes or undoes from the durable build
   * record. Anything written before a remote command runs must use `tx`.
   */
  lazyTx<T>(fn: () => T): T {
    this.db.pragma('synchronous = NORMAL');
    try {
      return this.tx(fn);
    } finally {
      this.db.pragma('synchronous = FULL');
    }
  }

  /**
   * A transaction as durable as `tx`, but whose fsync is shared and runs off the event loop
   * (WalSync): `synced` resolves once the commit is on disk. Until then nothing may act on it
   * outside this process — no answer that reports it, no remote command that depends on it.
   * A process crash loses nothing (the commit is in the `-wal` file); a power failure can lose
   * only what `synced` has not yet confirmed. Without WAL this is `tx`, already synced.
   */
  txSyncedLater<T>(fn: () => T): { result: T; synced: Promise<void> } {
    if (this.walSync === null) return { result: this.tx(fn), synced: Promise.resolve() };
    const result = this.lazyTx(fn);
    return { result, synced: this.walSync.synced() };
  }

  /** Bounds SQLite's page cache of this connection (pages it keeps beyond the OS page cache). */
  setCacheMib(mib: number): void {
    this.db.pragma(`cache_size = -${Math.round(mib * 1024)}`);
  }

  close(): void {
    this.walSync?.close();
    this.db.close();
  }
}

export interface OpenStoreOptions extends OpenDatabaseOptions {
  migrationsDir?: string;
}

/** Opens (creating if needed) and migrates the database at `path`. */
export function openStore(path: string, options: OpenStoreOptions = {}): Store {
  const db = openDatabase(path, options);
  try {
    migrate(db, readMigrations(options.migrationsDir ?? MIGRATIONS_DIR));
  } catch (e) {
    db.close();
    throw e;
  }
  return new Store(db);
}
