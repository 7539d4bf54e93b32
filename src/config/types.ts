/**
 * The resolved configuration every other module reads: Heketi's heketi.json keys after defaults,
 * the file, the HEKETI_* environment and the command-line flags have been applied (in that order
 * of precedence). Only src/config builds it; nothing else reads files or the environment.
 */
import type { JournalSetting } from '../store/journal-mode.js';

export type AdminState = 'normal' | 'read-only' | 'local-client';

/** Heketi's log level names (pkg/logging). */
export type HeketiLogLevel = 'none' | 'critical' | 'error' | 'warning' | 'info' | 'debug';

/**
 * The settings Heketi's cmdexec shares between its ssh and kubernetes executors: what the command
 * builders read, whichever transport carries the commands.
 */
export interface CommandConfig {
  fstab: string;
  mountopts: string;
  snapshotLimit: number;
  backupLvmMetadata: boolean;
  glusterCliTimeout: number;
  pvDataAlignment: string;
  vgPhysicalExtentSize: string;
  lvChunkSize: string;
  xfsSw: number;
  xfsSu: number;
  debugUmountFailures: boolean;
  blockPrealloc: string;
  lvmWrapper: string;
}

export interface SshExecConfig extends CommandConfig {
  keyfile: string;
  user: string;
  port: number;
  sudo: boolean;
  /** heketi-ts: known_hosts files used to verify host keys (Heketi's SSH_KNOWN_HOSTS). */
  knownHostsFiles: string[];
  /** heketi-ts: skip host key checks. Heketi skipped them whenever SSH_KNOWN_HOSTS was unset. */
  insecureHostKey: boolean;
  /** heketi-ts: seconds to wait for a TCP/SSH handshake. */
  connectTimeoutSeconds: number;
}

/**
 * How to reach the Kubernetes API: a kubeconfig file (heketi-ts; Heketi could only run in a pod),
 * or the pod's service account, as Heketi did.
 */
export interface KubeConnectionConfig {
  /** A kubeconfig file (glusterfs.kubeexec.kubeconfig, else KUBECONFIG); '' for in-cluster. */
  kubeconfig: string;
  /**
   * heketi-ts: prepended to /var/run/secrets/kubernetes.io/serviceaccount (token, ca.crt,
   * namespace), so that tests can use a service account directory outside a pod. '' in a pod.
   */
  inClusterPrefix: string;
  /** KUBERNETES_SERVICE_HOST / KUBERNETES_SERVICE_PORT, which Kubernetes sets in every pod. */
  serviceHost: string;
  servicePort: string;
}

export interface KubeExecConfig extends CommandConfig {
  /** '' = the service account's namespace (or the kubeconfig context's). */
  namespace: string;
  glusterDaemonset: boolean;
  usePodNames: boolean;
  /** Concurrent exec streams; Infinity when Heketi's max_connections was negative. */
  maxConnections: number;
  disableTimeoutPrefix: boolean;
  connection: KubeConnectionConfig;
}

export interface MockExecConfig {
  /** Size of every device the mock sets up (Heketi: HEKETI_MOCK_DEVICE_SIZE_GB, default 500). */
  deviceSizeGb: number;
  /** heketi-ts: a JSON file the mock keeps its state in, so it survives a restart (crash tests). */
  stateFile: string;
  /** heketi-ts: fault injection, e.g. "brickCreate=fail,volumeCreate=hang" (HEKETI_TS_MOCK_FAULTS). */
  faults: string;
}

export interface GlusterFsConfig {
  executor: 'mock' | 'ssh' | 'kubernetes';
  db: string;
  dbReadOnly: boolean;
  /** heketi-ts: SQLite journal mode; `auto` = WAL on a local disk, TRUNCATE on GlusterFS/NFS. */
  dbJournalMode: JournalSetting;
  loglevel: HeketiLogLevel;
  brickMaxSizeGb: number;
  brickMinSizeGb: number;
  maxBricksPerVolume: number;
  averageFileSizeKb: number;
  preRequestVolumeOptions: string;
  postRequestVolumeOptions: string;
  zoneChecking: 'none' | 'strict';
  maxVolumesPerCluster: number;
  autoCreateBlockHostingVolume: boolean;
  blockHostingVolumeSize: number;
  blockHostingVolumeOptions: string;
  maxInflightOperations: number;
  disableBackgroundCleaner: boolean;
  startTimeBackgroundCleaner: number;
  refreshTimeBackgroundCleaner: number;
  /** heketi-ts: seconds between two drift examinations; 0 (the default) turns the periodic examiner off. */
  driftExamineIntervalSeconds: number;
  disableMonitorGlusterNodes: boolean;
  startTimeMonitorGlusterNodes: number;
  refreshTimeMonitorGlusterNodes: number;
  volumeCreateRetryLimit: number;
  /**
   * heketi-ts: seconds start-up recovery waits, before it undoes an interrupted operation, for the
   * remote commands the stopped server had sent to finish on the nodes (see recovery-policy.ts).
   */
  recoverySettleSeconds: number;
  rebalanceOnExpansion: boolean;
  sshexec: SshExecConfig;
  kubeexec: KubeExecConfig;
  mockexec: MockExecConfig;
}

export interface AppConfig {
  port: number;
  /** heketi-ts: address to listen on (Heketi listens on all addresses). */
  host: string;
  enableTls: boolean;
  certFile: string;
  keyFile: string;
  auth: {
    enabled: boolean;
    adminKey: string;
    userKey: string;
    iatLeewaySeconds: number;
  };
  defaultState: AdminState;
  profiling: boolean;
  /** Keep a gzipped image of the db in a Kubernetes secret after changes (Heketi's key). */
  backupDbToKubeSecret: boolean;
  /** That secret's name: HEKETI_KUBE_DB_SECRET_NAME, else heketi-db-backup (as Heketi). */
  kubeDbSecretName: string;
  /** heketi-ts: topology.json loaded at start-up ('' for none). */
  topologyFile: string;
  /** heketi-ts: seconds a finished /queue result stays readable (Heketi: until the first read). */
  queueRetentionSeconds: number;
  /** heketi-ts: the Retry-After (seconds) of a 429; 0 sends none, as Heketi. */
  retryAfterSeconds: number;
  /**
   * heketi-ts: seconds a throttled operation waits for one of the max_inflight_operations slots
   * (first come, first served) before its 429; 0 answers 429 at once, as Heketi.
   */
  throttleWaitSeconds: number;
  /**
   * heketi-ts: append the cause to Heketi's error texts (`No space: <constraint>`, the 422 decoder
   * error, node add's executor failure); false answers Heketi's texts exactly (the cause is logged).
   */
  errorDetails: boolean;
  /** heketi-ts: MiB of serialised read bodies kept until the database changes (0: none). */
  responseCacheMib: number;
  /** heketi-ts: MiB of SQLite page cache (better-sqlite3's build defaults to 16). */
  dbCacheMib: number;
  /** heketi-ts: MiB (estimated) of the volume records volume infos are written from (0: none). */
  volumeCacheMib: number;
  glusterfs: GlusterFsConfig;
}
