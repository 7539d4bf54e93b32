/**
 * The shape of Heketi's heketi.json as Go decoded it: every key optional except `glusterfs`,
 * unknown keys (including `_comment` style keys) dropped, and Go's type strictness kept (a string
 * where an int is expected, or 1.5 for an int, is an error). Keys reach this schema already
 * lower-cased by foldKeys, which is how Go's case-insensitive matching is reproduced.
 */
import { z } from 'zod';

const str = () => z.string({ error: 'expected a string' });
const bool = () => z.boolean({ error: 'expected true or false' });
const int = () => z.number({ error: 'expected a number' }).int({ error: 'expected an integer' });
const uint = () => int().min(0, { error: 'expected a number >= 0' });
const strOrInt = () => z.union([str(), int()], { error: 'expected a string or a number' });

/** Heketi's cmdexec keys, shared by sshexec and kubeexec. */
const commandKeys = {
  fstab: str().optional(),
  mountopts: str().optional(),
  sudo: bool().optional(),
  snapshot_limit: int().optional(),
  backup_lvm_metadata: bool().optional(),
  gluster_cli_timeout: uint().optional(),
  pv_data_alignment: str().optional(),
  vg_physicalextentsize: str().optional(),
  lv_chunksize: str().optional(),
  xfs_sw: int().optional(),
  xfs_su: int().optional(),
  debug_umount_failures: bool().optional(),
  block_prealloc: str().optional(),
  lvm_wrapper: str().optional(),
};

const sshExecSchema = z.object({
  ...commandKeys,
  keyfile: str().optional(),
  user: str().optional(),
  port: strOrInt().optional(),
  /** heketi-ts: skip host key verification explicitly. */
  insecure_host_key: bool().optional(),
  /** heketi-ts: TCP/SSH handshake timeout. */
  connect_timeout_seconds: uint().optional(),
});

/** Heketi's sample file also has host, cert, user and password here: legacy, dropped like any unknown key. */
const kubeExecSchema = z.object({
  ...commandKeys,
  namespace: str().optional(),
  gluster_daemonset: bool().optional(),
  use_pod_names: bool().optional(),
  max_connections: int().optional(),
  disable_timeout_prefix: bool().optional(),
  /** heketi-ts: a kubeconfig file, to run outside the cluster. */
  kubeconfig: str().optional(),
  /** heketi-ts: where the service account directory is, for tests outside a pod. */
  in_cluster_prefix: str().optional(),
});

const mockExecSchema = z.object({
  device_size_gb: uint().optional(),
  state_file: str().optional(),
  faults: str().optional(),
});

const glusterFsSchema = z.object(
  {
    db: str().optional(),
    db_read_only: bool().optional(),
    /** heketi-ts: auto | wal | truncate | delete (see src/store/journal-mode.ts). */
    db_journal_mode: str().optional(),
    executor: str().optional(),
    loglevel: str().optional(),
    sshexec: sshExecSchema.optional(),
    kubeexec: kubeExecSchema.optional(),
    mockexec: mockExecSchema.optional(),
    brick_max_size_gb: int().optional(),
    brick_min_size_gb: int().optional(),
    max_bricks_per_volume: int().optional(),
    average_file_size_kb: uint().optional(),
    pre_request_volume_options: str().optional(),
    post_request_volume_options: str().optional(),
    zone_checking: str().optional(),
    max_volumes_per_cluster: int().optional(),
    auto_create_block_hosting_volume: bool().optional(),
    block_hosting_volume_size: int().optional(),
    block_hosting_volume_options: str().optional(),
    disable_monitor_gluster_nodes: bool().optional(),
    refresh_time_monitor_gluster_nodes: uint().optional(),
    start_time_monitor_gluster_nodes: uint().optional(),
    max_inflight_operations: uint().optional(),
    disable_background_cleaner: bool().optional(),
    refresh_time_background_cleaner: uint().optional(),
    start_time_background_cleaner: uint().optional(),
    drift_examine_interval_seconds: uint().optional(),
    recovery_settle_seconds: uint().optional(),
    operation_retry_limits: z.object({ volume_create: int().optional() }).optional(),
  },
  { error: 'expected an object' },
);

const issuerSchema = z.object({ key: str().optional() });

export const heketiJsonSchema = z.object(
  {
    port: strOrInt().optional(),
    host: str().optional(),
    use_auth: bool().optional(),
    jwt: z.object({ admin: issuerSchema.optional(), user: issuerSchema.optional() }).optional(),
    backup_db_to_kube_secret: bool().optional(),
    enable_tls: bool().optional(),
    cert_file: str().optional(),
    key_file: str().optional(),
    profiling: bool().optional(),
    default_state: str().optional(),
    topology: str().optional(),
    queue_retention_seconds: uint().optional(),
    retry_after_seconds: uint().optional(),
    throttle_wait_seconds: uint().optional(),
    error_details: bool().optional(),
    response_cache_mb: uint().optional(),
    db_cache_mb: uint().optional(),
    volume_cache_mb: uint().optional(),
    glusterfs: glusterFsSchema,
  },
  { error: 'expected an object' },
);

/** heketi.json after parsing: what the file (and then the environment) set, before defaults. */
export type HeketiJson = z.infer<typeof heketiJsonSchema>;
export type HeketiJsonGlusterFs = HeketiJson['glusterfs'];
