/**
 * Turns heketi.json (already overlaid with the HEKETI_* environment) into AppConfig: Heketi's
 * defaults for unset or zero values, the start-up checks Heketi made, and the warnings heketi-ts
 * prints where Heketi silently did something surprising.
 */
import { configError, ConfigError } from './config-error.js';
import type { HeketiJson, HeketiJsonGlusterFs } from './file-schema.js';
import { parseGoBool, parseGoUint } from './go-values.js';
import { JOURNAL_SETTINGS, type JournalSetting } from '../store/journal-mode.js';
import type {
  AdminState,
  AppConfig,
  CommandConfig,
  GlusterFsConfig,
  HeketiLogLevel,
  KubeExecConfig,
  MockExecConfig,
  SshExecConfig,
} from './types.js';

type Env = Record<string, string | undefined>;
type SshJson = NonNullable<HeketiJsonGlusterFs['sshexec']>;
type KubeJson = NonNullable<HeketiJsonGlusterFs['kubeexec']>;

/** Command-line flags, which beat both the file and the environment. */
export interface ConfigFlags {
  disableAuth?: boolean;
  topologyFile?: string;
}

export interface Resolved {
  config: AppConfig;
  warnings: string[];
}

const LOG_LEVELS: readonly HeketiLogLevel[] = ['none', 'critical', 'error', 'warning', 'info', 'debug'];
const ADMIN_STATES: readonly AdminState[] = ['normal', 'read-only', 'local-client'];
const DEFAULT_IAT_LEEWAY_SECONDS = 120;
/** A 429's Retry-After: Heketi's Go client then waits this plus rand[0,10) s instead of rand[10,30) s. */
const DEFAULT_RETRY_AFTER_SECONDS = 5;
/**
 * How long a throttled request waits for a slot before its 429: as long as the shortest back-off
 * a 429 costs Heketi's Go client (Retry-After 5 plus up to 10 s), so waiting never costs more.
 */
const DEFAULT_THROTTLE_WAIT_SECONDS = 5;
/**
 * Holds every read body of 1,000 volumes on 100 nodes, and at 10,000 volumes every cluster and
 * device info (node infos are made of the device bodies) with room for volume infos: 16 MiB cost
 * ~6 MiB more RSS there for no faster topology or volume reads (docs/benchmarks.md, "Memory").
 */
const DEFAULT_RESPONSE_CACHE_MIB = 10;
/**
 * SQLite's own default is 2 MiB; better-sqlite3 builds it with 16, which held most of a 10,000-volume
 * database in the server's memory although reads are served from the response cache and the OS
 * page cache keeps the file anyway (docs/benchmarks.md).
 */
const DEFAULT_DB_CACHE_MIB = 4;
/**
 * Volume records of ~0.55 KB with three bricks (VolumeInfoJson): every volume of a 50,000-volume
 * database, where whole bodies would have held ~10,000 (docs/benchmarks.md, "Volume infos kept as
 * records").
 */
const DEFAULT_VOLUME_CACHE_MIB = 32;
/** Heketi's "unlimited" for a negative max_volumes_per_cluster (math.MaxInt32). */
const UNLIMITED_VOLUMES = 2147483647;
/**
 * How long a command the killed server had sent may still be on its way into glusterd or LVM:
 * sshd forking the session and the gluster CLI reaching glusterd took up to a few seconds on the
 * loaded 2-core test bed; 10 s leaves room. A command already inside glusterd holds the volume's
 * transaction lock, which recovery waits out with its retries instead.
 */
const DEFAULT_RECOVERY_SETTLE_SECONDS = 10;

/** Heketi treats 0 (Go's zero value) as "use the default" for most numeric settings. */
const orDefault = (value: number | undefined, fallback: number): number => (value ? value : fallback);
const orDefaultText = (value: string | undefined, fallback: string): string => (value ? value : fallback);

function parsePort(value: string | number | undefined, fallback: number, path: string): number {
  if (value === undefined || value === '') return fallback;
  const port = typeof value === 'number' ? value : parseGoUint(value);
  if (port === undefined || port > 65535) throw configError(path, `expected a port number, got "${value}"`);
  return port;
}

function resolveExecutor(name: string | undefined, warnings: string[]): GlusterFsConfig['executor'] {
  switch (name ?? '') {
    case '':
    case 'ssh':
      return 'ssh';
    case 'mock':
      return 'mock';
    case 'inject/ssh':
    case 'inject/mock':
      warnings.push(`glusterfs.executor "${name}": fault injection is configured with glusterfs.mockexec.faults in heketi-ts; using "${name!.slice(7)}"`);
      return name === 'inject/ssh' ? 'ssh' : 'mock';
    case 'kube':
    case 'kubernetes':
      return 'kubernetes';
    default:
      throw configError('glusterfs.executor', `invalid executor: ${name}`);
  }
}

function resolveLogLevel(level: string | undefined, warnings: string[]): HeketiLogLevel {
  if (!level) return 'info';
  if ((LOG_LEVELS as readonly string[]).includes(level)) return level as HeketiLogLevel;
  warnings.push(`glusterfs.loglevel: invalid log level: ${level}; using info`);
  return 'info';
}

function resolveZoneChecking(value: string | undefined): GlusterFsConfig['zoneChecking'] {
  if (!value || value === 'none') return 'none';
  if (value === 'strict') return 'strict';
  throw configError('glusterfs.zone_checking', `expected "none" or "strict", got "${value}"`);
}

function resolveKnownHosts(ssh: SshJson, env: Env, warnings: string[], executor: string) {
  const knownHostsFiles = (env.SSH_KNOWN_HOSTS ?? '').split(':').filter((file) => file !== '');
  if (ssh.insecure_host_key === true) return { knownHostsFiles, insecureHostKey: true };
  if (knownHostsFiles.length > 0) return { knownHostsFiles, insecureHostKey: false };
  if (ssh.insecure_host_key === false) {
    throw configError('glusterfs.sshexec.insecure_host_key', 'false requires SSH_KNOWN_HOSTS to name a known_hosts file');
  }
  if (executor === 'ssh') {
    warnings.push(
      'SSH_KNOWN_HOSTS is not set: ssh host keys are NOT verified (Heketi behaviour). ' +
        'Set SSH_KNOWN_HOSTS, or glusterfs.sshexec.insecure_host_key: true to silence this warning',
    );
  }
  return { knownHostsFiles, insecureHostKey: true };
}

/** The cmdexec keys, with Heketi's defaults, from whichever executor section is in use. */
function resolveCommandKeys(json: SshJson | KubeJson): CommandConfig {
  return {
    fstab: orDefaultText(json.fstab, '/etc/fstab'),
    mountopts: orDefaultText(json.mountopts, 'rw,inode64,noatime,nouuid'),
    snapshotLimit: json.snapshot_limit ?? 0,
    backupLvmMetadata: json.backup_lvm_metadata ?? false,
    glusterCliTimeout: orDefault(json.gluster_cli_timeout, 600),
    pvDataAlignment: orDefaultText(json.pv_data_alignment, '256K'),
    vgPhysicalExtentSize: orDefaultText(json.vg_physicalextentsize, '4M'),
    lvChunkSize: orDefaultText(json.lv_chunksize, '256K'),
    xfsSw: json.xfs_sw ?? 0,
    xfsSu: json.xfs_su ?? 0,
    debugUmountFailures: json.debug_umount_failures ?? false,
    blockPrealloc: orDefaultText(json.block_prealloc, 'full'),
    lvmWrapper: json.lvm_wrapper ?? '',
  };
}

function resolveSsh(ssh: SshJson, env: Env, warnings: string[], executor: string): SshExecConfig {
  if (executor === 'ssh' && !ssh.keyfile) {
    throw configError('glusterfs.sshexec.keyfile', 'Missing ssh private key file in configuration');
  }
  return {
    ...resolveCommandKeys(ssh),
    keyfile: ssh.keyfile ?? '',
    user: orDefaultText(ssh.user, 'heketi'),
    port: executor === 'ssh' ? parsePort(ssh.port, 22, 'glusterfs.sshexec.port') : 22,
    sudo: ssh.sudo ?? false,
    ...resolveKnownHosts(ssh, env, warnings, executor),
    connectTimeoutSeconds: orDefault(ssh.connect_timeout_seconds, 10),
  };
}

/** Heketi's kubeexec default for max_connections (0); a negative value means no limit. */
const DEFAULT_KUBE_MAX_CONNECTIONS = 64;

function resolveKube(kube: KubeJson, env: Env, warnings: string[], executor: string): KubeExecConfig {
  if (executor === 'kubernetes' && kube.sudo) warnings.push('glusterfs.kubeexec.sudo is ignored: commands run in the pod as its user (as in Heketi)');
  const maxConnections = kube.max_connections ?? 0;
  return {
    ...resolveCommandKeys(kube),
    namespace: kube.namespace ?? '',
    glusterDaemonset: kube.gluster_daemonset ?? false,
    usePodNames: kube.use_pod_names ?? false,
    maxConnections: maxConnections < 0 ? Infinity : orDefault(maxConnections, DEFAULT_KUBE_MAX_CONNECTIONS),
    disableTimeoutPrefix: kube.disable_timeout_prefix ?? false,
    connection: {
      kubeconfig: kube.kubeconfig || firstKubeconfig(env.KUBECONFIG, warnings, executor),
      inClusterPrefix: kube.in_cluster_prefix ?? '',
      serviceHost: env.KUBERNETES_SERVICE_HOST ?? '',
      servicePort: env.KUBERNETES_SERVICE_PORT ?? '',
    },
  };
}

/** KUBECONFIG may list several files; heketi-ts reads one, the first. */
function firstKubeconfig(list: string | undefined, warnings: string[], executor: string): string {
  const files = (list ?? '').split(':').filter((file) => file !== '');
  if (files.length > 1 && executor === 'kubernetes') warnings.push(`KUBECONFIG lists ${files.length} files; heketi-ts reads only the first, ${files[0]}`);
  return files[0] ?? '';
}

function resolveMock(mock: HeketiJsonGlusterFs['mockexec']): MockExecConfig {
  return {
    deviceSizeGb: orDefault(mock?.device_size_gb, 500),
    stateFile: mock?.state_file ?? '',
    faults: mock?.faults ?? '',
  };
}

function resolveRebalance(env: Env): boolean {
  const text = env.HEKETI_GLUSTERAPP_REBALANCE_ON_EXPANSION;
  if (!text) return true;
  const value = parseGoBool(text);
  if (value === undefined) throw configError('HEKETI_GLUSTERAPP_REBALANCE_ON_EXPANSION', `expected a boolean, got "${text}"`);
  return value;
}

function resolveJournalMode(text: string | undefined): JournalSetting {
  if (!text) return 'auto';
  const value = text.toLowerCase();
  if ((JOURNAL_SETTINGS as readonly string[]).includes(value)) return value as JournalSetting;
  throw configError('glusterfs.db_journal_mode', `expected one of ${JOURNAL_SETTINGS.join(', ')}, got "${text}"`);
}

function resolveGlusterFs(gfs: HeketiJsonGlusterFs, env: Env, warnings: string[]): GlusterFsConfig {
  const executor = resolveExecutor(gfs.executor, warnings);
  const maxVolumes = gfs.max_volumes_per_cluster ?? 0;
  return {
    executor,
    db: orDefaultText(gfs.db, 'heketi.db'),
    dbReadOnly: gfs.db_read_only ?? false,
    dbJournalMode: resolveJournalMode(gfs.db_journal_mode),
    loglevel: resolveLogLevel(gfs.loglevel, warnings),
    brickMaxSizeGb: orDefault(gfs.brick_max_size_gb, 4096),
    brickMinSizeGb: orDefault(gfs.brick_min_size_gb, 1),
    maxBricksPerVolume: orDefault(gfs.max_bricks_per_volume, 32),
    averageFileSizeKb: orDefault(gfs.average_file_size_kb, 64),
    preRequestVolumeOptions: gfs.pre_request_volume_options ?? '',
    postRequestVolumeOptions: gfs.post_request_volume_options ?? '',
    zoneChecking: resolveZoneChecking(gfs.zone_checking),
    maxVolumesPerCluster: maxVolumes < 0 ? UNLIMITED_VOLUMES : orDefault(maxVolumes, 1000),
    autoCreateBlockHostingVolume: gfs.auto_create_block_hosting_volume ?? false,
    blockHostingVolumeSize: Math.max(0, gfs.block_hosting_volume_size ?? 0) || 1024,
    blockHostingVolumeOptions: orDefaultText(gfs.block_hosting_volume_options, 'group gluster-block'),
    maxInflightOperations: orDefault(gfs.max_inflight_operations, 8),
    disableBackgroundCleaner: gfs.disable_background_cleaner ?? false,
    startTimeBackgroundCleaner: orDefault(gfs.start_time_background_cleaner, 60),
    refreshTimeBackgroundCleaner: orDefault(gfs.refresh_time_background_cleaner, 3600),
    driftExamineIntervalSeconds: gfs.drift_examine_interval_seconds ?? 0,
    disableMonitorGlusterNodes: gfs.disable_monitor_gluster_nodes ?? false,
    startTimeMonitorGlusterNodes: orDefault(gfs.start_time_monitor_gluster_nodes, 10),
    refreshTimeMonitorGlusterNodes: orDefault(gfs.refresh_time_monitor_gluster_nodes, 120),
    volumeCreateRetryLimit: Math.max(0, gfs.operation_retry_limits?.volume_create ?? 0) || 4,
    recoverySettleSeconds: gfs.recovery_settle_seconds ?? DEFAULT_RECOVERY_SETTLE_SECONDS,
    rebalanceOnExpansion: resolveRebalance(env),
    sshexec: resolveSsh(gfs.sshexec ?? {}, env, warnings, executor),
    kubeexec: resolveKube(gfs.kubeexec ?? {}, env, warnings, executor),
    mockexec: resolveMock(gfs.mockexec),
  };
}

function resolveIatLeeway(env: Env, warnings: string[]): number {
  const text = env.HEKETI_JWT_IAT_LEEWAY_SECONDS;
  if (text === undefined) return DEFAULT_IAT_LEEWAY_SECONDS;
  const value = parseGoUint(text);
  if (value !== undefined) return value;
  warnings.push(`HEKETI_JWT_IAT_LEEWAY_SECONDS not valid: "${text}", using default: ${DEFAULT_IAT_LEEWAY_SECONDS}`);
  return DEFAULT_IAT_LEEWAY_SECONDS;
}

function resolveAuth(file: HeketiJson, env: Env, flags: ConfigFlags, warnings: string[]): AppConfig['auth'] {
  const enabled = !flags.disableAuth;
  const adminKey = file.jwt?.admin?.key ?? '';
  const userKey = file.jwt?.user?.key ?? '';
  if (enabled && (adminKey === '' || userKey === '')) {
    throw new ConfigError('Missing JWT information in config file');
  }
  if (file.use_auth !== undefined) {
    warnings.push(
      `use_auth is ignored (as in Heketi 10): authentication is ${enabled ? 'on' : 'off'} ` +
        `because the server was ${enabled ? 'not ' : ''}started with --disable-auth`,
    );
  }
  return { enabled, adminKey, userKey, iatLeewaySeconds: resolveIatLeeway(env, warnings) };
}

function resolveAdminState(value: string | undefined): AdminState {
  if (!value) return 'normal';
  if ((ADMIN_STATES as readonly string[]).includes(value)) return value as AdminState;
  throw configError('default_state', `unable to set admin state: unknown admin state name: ${value}`);
}

function resolveTls(file: HeketiJson): Pick<AppConfig, 'enableTls' | 'certFile' | 'keyFile'> {
  const enableTls = file.enable_tls ?? false;
  const certFile = file.cert_file ?? '';
  const keyFile = file.key_file ?? '';
  if (enableTls && !certFile) throw configError('cert_file', 'required when enable_tls is true');
  if (enableTls && !keyFile) throw configError('key_file', 'required when enable_tls is true');
  return { enableTls, certFile, keyFile };
}

/** Heketi's name for the db backup secret (pkg/kubernetes/backupdb.go). */
const DEFAULT_DB_SECRET_NAME = 'heketi-db-backup';

/** Applies defaults and checks to an env-overlaid heketi.json. Throws ConfigError. */
export function resolveAppConfig(file: HeketiJson, env: Env, flags: ConfigFlags): Resolved {
  const warnings: string[] = [];
  const config: AppConfig = {
    port: parsePort(file.port, 8080, env.HEKETI_HTTP_PORT ? 'HEKETI_HTTP_PORT' : 'port'),
    host: orDefaultText(file.host, '0.0.0.0'),
    ...resolveTls(file),
    auth: resolveAuth(file, env, flags, warnings),
    defaultState: resolveAdminState(file.default_state),
    profiling: file.profiling ?? false,
    backupDbToKubeSecret: file.backup_db_to_kube_secret ?? false,
    kubeDbSecretName: env.HEKETI_KUBE_DB_SECRET_NAME || DEFAULT_DB_SECRET_NAME,
    topologyFile: flags.topologyFile ?? file.topology ?? '',
    queueRetentionSeconds: file.queue_retention_seconds ?? 3600,
    retryAfterSeconds: file.retry_after_seconds ?? DEFAULT_RETRY_AFTER_SECONDS,
    throttleWaitSeconds: file.throttle_wait_seconds ?? DEFAULT_THROTTLE_WAIT_SECONDS,
    errorDetails: file.error_details ?? true,
    responseCacheMib: file.response_cache_mb ?? DEFAULT_RESPONSE_CACHE_MIB,
    dbCacheMib: file.db_cache_mb ?? DEFAULT_DB_CACHE_MIB,
    volumeCacheMib: file.volume_cache_mb ?? DEFAULT_VOLUME_CACHE_MIB,
    glusterfs: resolveGlusterFs(file.glusterfs, env, warnings),
  };
  return { config, warnings };
}
