/**
 * The resolved configuration every other module reads: Heketi's heketi.json keys after defaults,
 * the file, the HEKETI_* environment and the command-line flags have been applied (in that order
 * of precedence). Only src/config builds it; nothing else reads files or the environment.
 */

export type AdminState = 'normal' | 'read-only' | 'local-client';

/** Heketi's log level names (pkg/logging). */
export type HeketiLogLevel = 'none' | 'critical' | 'error' | 'warning' | 'info' | 'debug';

export interface SshExecConfig {
  keyfile: string;
  user: string;
  port: number;
  sudo: boolean;
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
  /** heketi-ts: known_hosts files used to verify host keys (Heketi's SSH_KNOWN_HOSTS). */
  knownHostsFiles: string[];
  /** heketi-ts: skip host key checks. Heketi skipped them whenever SSH_KNOWN_HOSTS was unset. */
  insecureHostKey: boolean;
  /** heketi-ts: seconds to wait for a TCP/SSH handshake. */
  connectTimeoutSeconds: number;
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
  executor: 'mock' | 'ssh';
  db: string;
  dbReadOnly: boolean;
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
  disableMonitorGlusterNodes: boolean;
  startTimeMonitorGlusterNodes: number;
  refreshTimeMonitorGlusterNodes: number;
  volumeCreateRetryLimit: number;
  rebalanceOnExpansion: boolean;
  sshexec: SshExecConfig;
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
  backupDbToKubeSecret: boolean;
  /** heketi-ts: topology.json loaded at start-up ('' for none). */
  topologyFile: string;
  /** heketi-ts: seconds a finished /queue result stays readable (Heketi: until the first read). */
  queueRetentionSeconds: number;
  glusterfs: GlusterFsConfig;
}
