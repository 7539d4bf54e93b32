import type { AppConfig } from '../config/types.js';
import type { BodyCache } from './http/body-cache.js';
import type { VolumeInfoJson } from './mappers/volume-info-json.js';
import type { AdminMode } from './plugins/admin-state.js';
import type { JobQueue } from '../operations/jobs.js';
import type { OperationLoader } from '../operations/recovery.js';
import type { OperationRunner } from '../operations/runner.js';
import type { InFlightTracker } from '../operations/tracker.js';
import type { ClusterService } from '../services/clusters.js';
import type { Clock, ServiceContext } from '../services/context.js';
import type { DeviceService } from '../services/devices.js';
import type { BlockVolumeService } from '../services/block-volumes.js';
import type { EvictService } from '../services/evict.js';
import type { LogLevelControl } from '../services/log-level.js';
import type { NodeService } from '../services/nodes.js';
import type { Readiness } from '../services/readiness.js';
import type { AppMetrics } from '../observability/metrics.js';
import type { RemovalService } from '../services/removal.js';
import type { VolumeService } from '../services/volumes.js';
import type { RepairService } from '../services/drift/repair-service.js';
import type { DriftMonitor } from '../services/drift/drift-monitor.js';
import type { BackgroundCleaner } from '../operations/background-cleaner.js';
import type { DriftService } from '../services/drift/drift-service.js';
import type { ExamineService } from '../services/drift/examine-service.js';
import type { Store } from '../store/store.js';

/** What the routes call. Built once per app by buildServices (src/app.ts). */
export interface AppServices {
  ctx: ServiceContext;
  config: AppConfig;
  store: Store;
  clock: Clock;
  clusters: ClusterService;
  nodes: NodeService;
  devices: DeviceService;
  removal: RemovalService;
  volumes: VolumeService;
  /** Brick eviction and the device-wide eviction behind device/node removal. */
  evict: EvictService;
  blockVolumes: BlockVolumeService;
  runner: OperationRunner;
  jobs: JobQueue;
  tracker: InFlightTracker;
  adminMode: AdminMode;
  logLevel: LogLevelControl;
  readiness: Readiness;
  /** Prometheus registry behind /metrics; the runner reports operation durations here. */
  metrics: AppMetrics;
  /** The examiner: the nodes read and compared with the database. */
  examine: ExamineService;
  /** The drift report over the examiner. */
  drift: DriftService;
  /** Serialised read bodies, kept until the database changes. */
  bodies: BodyCache;
  /** Volume info bodies written from compact records of the volumes, kept until the database changes. */
  volumeInfos: VolumeInfoJson;
  /** Runs the repairs the drift report implies. */
  repair: RepairService;
  /** The periodic examiner (started by the server when drift_examine_interval_seconds > 0). */
  driftMonitor: DriftMonitor;
  /** Heketi's background cleaner (started by the server unless disable_background_cleaner). */
  cleaner: BackgroundCleaner;
  /** Rebuilds a stored pending operation for recovery and cleanup. */
  loadOperation: OperationLoader;
}
