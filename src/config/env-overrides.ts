/**
 * HEKETI_* environment overrides, applied on top of heketi.json exactly where Heketi applied them
 * (main.go, apps/glusterfs/app.go, executors/*). As in Heketi only non-empty values count. Where
 * Heketi logged a value it could not parse and carried on, heketi-ts refuses to start instead, so
 * a typo in a deployment manifest is noticed.
 */
import { configError } from './config-error.js';
import type { HeketiJson } from './file-schema.js';
import { parseGoBool, parseGoInt, parseGoUint } from './go-values.js';

type Env = Record<string, string | undefined>;

/**
 * How a variable's text becomes a value: Go's ParseBool / Atoi / ParseUint, the raw string,
 * `presence` (any non-empty value means true), `exact-true` (only the text "true" means true) or
 * `first-char` (kubeexec's flags: a first character y/1 means true, n/0 false, anything else is ignored).
 */
type EnvKind = 'string' | 'bool' | 'int' | 'uint' | 'presence' | 'exact-true' | 'first-char';

interface EnvOverride {
  name: string;
  path: readonly string[];
  kind: EnvKind;
}

const g = (...rest: string[]) => ['glusterfs', ...rest];
const ssh = (key: string) => g('sshexec', key);
const mock = (key: string) => g('mockexec', key);
const kube = (key: string) => g('kubeexec', key);

/** cmdexec's variables, which Heketi applied to whichever of sshexec and kubeexec was in use. */
const commandOverrides = (name: string, key: string, kind: EnvKind): EnvOverride[] => [
  { name, path: ssh(key), kind },
  { name, path: kube(key), kind },
];

export const ENV_OVERRIDES: readonly EnvOverride[] = [
  { name: 'HEKETI_USER_KEY', path: ['jwt', 'user', 'key'], kind: 'string' },
  { name: 'HEKETI_ADMIN_KEY', path: ['jwt', 'admin', 'key'], kind: 'string' },
  { name: 'HEKETI_HTTP_PORT', path: ['port'], kind: 'string' },
  { name: 'HEKETI_BACKUP_DB_TO_KUBE_SECRET', path: ['backup_db_to_kube_secret'], kind: 'presence' },
  { name: 'HEKETI_PROFILING', path: ['profiling'], kind: 'presence' },
  { name: 'HEKETI_DEFAULT_STATE', path: ['default_state'], kind: 'string' },
  { name: 'HEKETI_EXECUTOR', path: g('executor'), kind: 'string' },
  { name: 'HEKETI_DB_PATH', path: g('db'), kind: 'string' },
  { name: 'HEKETI_TS_DB_JOURNAL_MODE', path: g('db_journal_mode'), kind: 'string' },
  { name: 'HEKETI_GLUSTERAPP_LOGLEVEL', path: g('loglevel'), kind: 'string' },
  { name: 'HEKETI_AUTO_CREATE_BLOCK_HOSTING_VOLUME', path: g('auto_create_block_hosting_volume'), kind: 'bool' },
  { name: 'HEKETI_BLOCK_HOSTING_VOLUME_SIZE', path: g('block_hosting_volume_size'), kind: 'int' },
  { name: 'HEKETI_BLOCK_HOSTING_VOLUME_OPTIONS', path: g('block_hosting_volume_options'), kind: 'string' },
  { name: 'HEKETI_MAX_INFLIGHT_OPERATIONS', path: g('max_inflight_operations'), kind: 'uint' },
  { name: 'HEKETI_TS_THROTTLE_WAIT_SECONDS', path: ['throttle_wait_seconds'], kind: 'uint' },
  { name: 'HEKETI_PRE_REQUEST_VOLUME_OPTIONS', path: g('pre_request_volume_options'), kind: 'string' },
  { name: 'HEKETI_POST_REQUEST_VOLUME_OPTIONS', path: g('post_request_volume_options'), kind: 'string' },
  { name: 'HEKETI_ZONE_CHECKING', path: g('zone_checking'), kind: 'string' },
  { name: 'HEKETI_GLUSTER_MAX_VOLUMES_PER_CLUSTER', path: g('max_volumes_per_cluster'), kind: 'int' },
  { name: 'HEKETI_DISABLE_HEALTH_MONITOR', path: g('disable_monitor_gluster_nodes'), kind: 'exact-true' },
  { name: 'HEKETI_DISABLE_BACKGROUND_CLEANER', path: g('disable_background_cleaner'), kind: 'exact-true' },
  { name: 'HEKETI_SSH_KEYFILE', path: ssh('keyfile'), kind: 'string' },
  { name: 'HEKETI_SSH_USER', path: ssh('user'), kind: 'string' },
  { name: 'HEKETI_SSH_PORT', path: ssh('port'), kind: 'string' },
  ...commandOverrides('HEKETI_FSTAB', 'fstab', 'string'),
  ...commandOverrides('HEKETI_MOUNT_OPTS', 'mountopts', 'string'),
  ...commandOverrides('HEKETI_SNAPSHOT_LIMIT', 'snapshot_limit', 'int'),
  ...commandOverrides('HEKETI_GLUSTER_CLI_TIMEOUT', 'gluster_cli_timeout', 'uint'),
  ...commandOverrides('HEKETI_DEBUG_UMOUNT_FAILURES', 'debug_umount_failures', 'bool'),
  ...commandOverrides('HEKETI_BLOCK_VOLUME_DEFAULT_PREALLOC', 'block_prealloc', 'string'),
  ...commandOverrides('HEKETI_LVM_WRAPPER', 'lvm_wrapper', 'string'),
  { name: 'HEKETI_KUBE_NAMESPACE', path: kube('namespace'), kind: 'string' },
  { name: 'HEKETI_KUBE_GLUSTER_DAEMONSET', path: kube('gluster_daemonset'), kind: 'first-char' },
  { name: 'HEKETI_KUBE_USE_POD_NAMES', path: kube('use_pod_names'), kind: 'first-char' },
  { name: 'HEKETI_MOCK_DEVICE_SIZE_GB', path: mock('device_size_gb'), kind: 'uint' },
  { name: 'HEKETI_TS_MOCK_STATE_FILE', path: mock('state_file'), kind: 'string' },
  { name: 'HEKETI_TS_MOCK_FAULTS', path: mock('faults'), kind: 'string' },
];

const KIND_PROBLEM: Record<'bool' | 'int' | 'uint', string> = {
  bool: 'expected a boolean (1, t, true, 0, f, false)',
  int: 'expected an integer',
  uint: 'expected a non-negative integer',
};

/** The value a variable contributes, or undefined when it leaves the setting alone. */
function parseEnvValue(override: EnvOverride, text: string): string | number | boolean | undefined {
  switch (override.kind) {
    case 'string':
      return text;
    case 'presence':
      return true;
    case 'exact-true':
      return text === 'true' ? true : undefined;
    case 'first-char': {
      const first = text[0]?.toLowerCase();
      if (first === 'y' || first === '1') return true;
      if (first === 'n' || first === '0') return false;
      return undefined;
    }
    case 'bool':
    case 'int':
    case 'uint': {
      const parse = { bool: parseGoBool, int: parseGoInt, uint: parseGoUint }[override.kind];
      const value = parse(text);
      if (value === undefined) throw configError(override.name, `${KIND_PROBLEM[override.kind]}, got "${text}"`);
      return value;
    }
  }
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (next === undefined || typeof next !== 'object' || next === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]!] = value;
}

/** Returns a copy of `file` with every non-empty HEKETI_* override from `env` applied. */
export function applyEnvOverrides(file: HeketiJson, env: Env): HeketiJson {
  const result = structuredClone(file) as unknown as Record<string, unknown>;
  for (const override of ENV_OVERRIDES) {
    const text = env[override.name];
    if (text === undefined || text === '') continue;
    const value = parseEnvValue(override, text);
    if (value !== undefined) setPath(result, override.path, value);
  }
  return result as unknown as HeketiJson;
}
