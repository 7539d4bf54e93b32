import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configWarnings, embeddedDefaultConfig, loadConfig, resolveConfig } from './load-config.js';

const dir = mkdtempSync(join(tmpdir(), 'heketi-ts-config-'));
let counter = 0;

function writeConfig(json: unknown): string {
  const file = join(dir, `heketi-${counter++}.json`);
  writeFileSync(file, typeof json === 'string' ? json : JSON.stringify(json));
  return file;
}

const keys = { jwt: { admin: { key: 'a' }, user: { key: 'u' } } };
const mockFile = (glusterfs: Record<string, unknown> = {}, top: Record<string, unknown> = {}) =>
  writeConfig({ ...keys, ...top, glusterfs: { executor: 'mock', ...glusterfs } });

describe('loadConfig: defaults and the file', () => {
  it('applies Heketi defaults for unset keys', () => {
    const config = loadConfig({ configFile: mockFile(), env: {} });
    expect(config.port).toBe(8080);
    expect(config.host).toBe('0.0.0.0');
    expect(config.defaultState).toBe('normal');
    expect(config.queueRetentionSeconds).toBe(3600);
    expect([config.retryAfterSeconds, config.errorDetails, config.throttleWaitSeconds]).toEqual([5, true, 5]);
    expect([config.responseCacheMib, config.dbCacheMib]).toEqual([10, 4]);
    expect(config.auth).toEqual({ enabled: true, adminKey: 'a', userKey: 'u', iatLeewaySeconds: 120 });
    const g = config.glusterfs;
    expect([g.db, g.loglevel, g.brickMaxSizeGb, g.brickMinSizeGb, g.maxBricksPerVolume]).toEqual(['heketi.db', 'info', 4096, 1, 32]);
    expect([g.maxVolumesPerCluster, g.maxInflightOperations, g.blockHostingVolumeSize]).toEqual([1000, 8, 1024]);
    expect(g.blockHostingVolumeOptions).toBe('group gluster-block');
    expect(g.mockexec.deviceSizeGb).toBe(500);
    expect(g.sshexec.mountopts).toBe('rw,inode64,noatime,nouuid');
    expect(g.rebalanceOnExpansion).toBe(true);
  });

  it('reads the file values, ignoring _comment and unknown keys', () => {
    const file = mockFile(
      { _db_comment: 'x', db: '/var/lib/heketi/heketi.db', brick_max_size_gb: 100, allocator: 'simple', kubeexec: { host: 'h' } },
      { port: '9090', _port_comment: 'p', some_future_key: [1] },
    );
    const config = loadConfig({ configFile: file, env: {} });
    expect(config.port).toBe(9090);
    expect(config.glusterfs.db).toBe('/var/lib/heketi/heketi.db');
    expect(config.glusterfs.brickMaxSizeGb).toBe(100);
  });

  it('reads the memory bounds heketi-ts adds and refuses negative ones', () => {
    const config = loadConfig({ configFile: mockFile({}, { response_cache_mb: 0, db_cache_mb: 32 }), env: {} });
    expect([config.responseCacheMib, config.dbCacheMib]).toEqual([0, 32]);
    expect(() => loadConfig({ configFile: mockFile({}, { db_cache_mb: -1 }), env: {} })).toThrow(/db_cache_mb/);
  });

  it("reads the settings that restore Heketi's texts and 429s", () => {
    const config = loadConfig({ configFile: mockFile({}, { error_details: false, retry_after_seconds: 0, throttle_wait_seconds: 0 }), env: {} });
    expect([config.errorDetails, config.retryAfterSeconds, config.throttleWaitSeconds]).toEqual([false, 0, 0]);
    expect(() => loadConfig({ configFile: mockFile({}, { retry_after_seconds: -1 }), env: {} })).toThrow(/retry_after_seconds/);
    expect(() => loadConfig({ configFile: mockFile({}, { throttle_wait_seconds: 'soon' }), env: {} })).toThrow(/throttle_wait_seconds/);
    const fromEnv = loadConfig({ configFile: mockFile(), env: { HEKETI_TS_THROTTLE_WAIT_SECONDS: '12' } });
    expect(fromEnv.throttleWaitSeconds).toBe(12);
    expect(() => loadConfig({ configFile: mockFile(), env: { HEKETI_TS_THROTTLE_WAIT_SECONDS: '-1' } })).toThrow(/HEKETI_TS_THROTTLE_WAIT_SECONDS/);
  });

  it('accepts port as a number as well as a string', () => {
    expect(loadConfig({ configFile: mockFile({}, { port: 8081 }), env: {} }).port).toBe(8081);
  });

  it('matches keys case-insensitively, as Go does', () => {
    const file = writeConfig({
      PORT: '7000',
      JWT: { Admin: { KEY: 'A' }, User: { Key: 'U' } },
      GlusterFS: { Executor: 'mock', DB: 'x.db', Brick_Max_Size_GB: 9 },
    });
    const config = loadConfig({ configFile: file, env: {} });
    expect([config.port, config.auth.adminKey, config.auth.userKey]).toEqual([7000, 'A', 'U']);
    expect([config.glusterfs.db, config.glusterfs.brickMaxSizeGb]).toEqual(['x.db', 9]);
  });

  it('treats a negative max_volumes_per_cluster as unlimited and 0 as the default', () => {
    expect(loadConfig({ configFile: mockFile({ max_volumes_per_cluster: -1 }), env: {} }).glusterfs.maxVolumesPerCluster).toBe(2147483647);
    expect(loadConfig({ configFile: mockFile({ max_volumes_per_cluster: 0 }), env: {} }).glusterfs.maxVolumesPerCluster).toBe(1000);
  });
});

describe('loadConfig: precedence defaults < file < env < flags', () => {
  it('lets a non-empty env value beat the file', () => {
    const file = mockFile({ db: 'file.db', max_inflight_operations: 3 }, { port: '1000' });
    const env = { HEKETI_DB_PATH: 'env.db', HEKETI_HTTP_PORT: '2000', HEKETI_MAX_INFLIGHT_OPERATIONS: '5', HEKETI_ADMIN_KEY: 'envadmin' };
    const config = loadConfig({ configFile: file, env });
    expect([config.glusterfs.db, config.port, config.glusterfs.maxInflightOperations]).toEqual(['env.db', 2000, 5]);
    expect(config.auth.adminKey).toBe('envadmin');
  });

  it('reads glusterfs.db_journal_mode (auto by default) and HEKETI_TS_DB_JOURNAL_MODE, refusing other values', () => {
    const mode = (glusterfs: Record<string, unknown>, env: Record<string, string> = {}) =>
      loadConfig({ configFile: mockFile(glusterfs), env }).glusterfs.dbJournalMode;
    expect(mode({})).toBe('auto');
    expect(mode({ db_journal_mode: 'TRUNCATE' })).toBe('truncate');
    expect(mode({ db_journal_mode: 'wal' }, { HEKETI_TS_DB_JOURNAL_MODE: 'delete' })).toBe('delete');
    expect(() => mode({ db_journal_mode: 'memory' })).toThrow(
      'config: glusterfs.db_journal_mode: expected one of auto, wal, truncate, delete, got "memory"',
    );
  });

  it('takes backup_db_to_kube_secret from the file or HEKETI_BACKUP_DB_TO_KUBE_SECRET, and the secret name from HEKETI_KUBE_DB_SECRET_NAME', () => {
    const off = loadConfig({ configFile: mockFile(), env: {} });
    expect([off.backupDbToKubeSecret, off.kubeDbSecretName]).toEqual([false, 'heketi-db-backup']);
    const fromFile = loadConfig({ configFile: mockFile({}, { backup_db_to_kube_secret: true }), env: { HEKETI_KUBE_DB_SECRET_NAME: '' } });
    expect([fromFile.backupDbToKubeSecret, fromFile.kubeDbSecretName]).toEqual([true, 'heketi-db-backup']);
    const fromEnv = loadConfig({ configFile: mockFile(), env: { HEKETI_BACKUP_DB_TO_KUBE_SECRET: 'y', HEKETI_KUBE_DB_SECRET_NAME: 'my-backup' } });
    expect([fromEnv.backupDbToKubeSecret, fromEnv.kubeDbSecretName]).toEqual([true, 'my-backup']);
  });

  it('ignores empty env values', () => {
    const config = loadConfig({ configFile: mockFile({ db: 'file.db' }), env: { HEKETI_DB_PATH: '', HEKETI_HTTP_PORT: '' } });
    expect([config.glusterfs.db, config.port]).toEqual(['file.db', 8080]);
  });

  it('parses booleans with Go ParseBool', () => {
    const on = (value: string) =>
      loadConfig({ configFile: mockFile(), env: { HEKETI_AUTO_CREATE_BLOCK_HOSTING_VOLUME: value } }).glusterfs.autoCreateBlockHostingVolume;
    expect(['1', 't', 'T', 'TRUE', 'true', 'True'].map(on)).toEqual([true, true, true, true, true, true]);
    expect(on('0') || on('f') || on('False')).toBe(false);
    expect(() => on('yes')).toThrow('config: HEKETI_AUTO_CREATE_BLOCK_HOSTING_VOLUME: expected a boolean');
  });

  it('applies the presence and exact-true variables as Heketi did', () => {
    const env = { HEKETI_PROFILING: 'no', HEKETI_DISABLE_HEALTH_MONITOR: 'TRUE', HEKETI_DISABLE_BACKGROUND_CLEANER: 'true' };
    const config = loadConfig({ configFile: mockFile(), env });
    expect(config.profiling).toBe(true);
    expect(config.glusterfs.disableMonitorGlusterNodes).toBe(false);
    expect(config.glusterfs.disableBackgroundCleaner).toBe(true);
  });

  it('maps the ssh, mock and leeway variables', () => {
    const env = {
      HEKETI_EXECUTOR: 'ssh',
      HEKETI_SSH_KEYFILE: '/k',
      HEKETI_SSH_PORT: '2222',
      HEKETI_SSH_USER: 'root',
      SSH_KNOWN_HOSTS: '/a:/b',
      HEKETI_MOCK_DEVICE_SIZE_GB: '100',
      HEKETI_TS_MOCK_FAULTS: 'brickCreate=fail',
      HEKETI_JWT_IAT_LEEWAY_SECONDS: '5',
    };
    const config = loadConfig({ configFile: mockFile(), env });
    const ssh = config.glusterfs.sshexec;
    expect([config.glusterfs.executor, ssh.keyfile, ssh.port, ssh.user]).toEqual(['ssh', '/k', 2222, 'root']);
    expect([ssh.knownHostsFiles, ssh.insecureHostKey]).toEqual([['/a', '/b'], false]);
    expect([config.glusterfs.mockexec.deviceSizeGb, config.glusterfs.mockexec.faults]).toEqual([100, 'brickCreate=fail']);
    expect(config.auth.iatLeewaySeconds).toBe(5);
  });

  it('lets flags beat everything', () => {
    const file = mockFile({}, { topology: 'file-topology.json' });
    const config = loadConfig({ configFile: file, env: {}, disableAuth: true, topologyFile: 'flag.json' });
    expect(config.auth.enabled).toBe(false);
    expect(config.topologyFile).toBe('flag.json');
  });
});

describe('loadConfig: errors name the key', () => {
  const failure = (json: unknown, env: Record<string, string> = {}) => () => loadConfig({ configFile: writeConfig(json), env });

  it('reports type errors with the key path', () => {
    expect(failure({ ...keys, glusterfs: { brick_max_size_gb: '10' } })).toThrow('config: glusterfs.brick_max_size_gb: expected a number');
    expect(failure({ ...keys, glusterfs: { max_bricks_per_volume: 1.5 } })).toThrow('config: glusterfs.max_bricks_per_volume: expected an integer');
    expect(failure({ ...keys, enable_tls: 'yes', glusterfs: {} })).toThrow('config: enable_tls: expected true or false');
  });

  it('requires the glusterfs object', () => {
    expect(failure(keys)).toThrow('config: glusterfs: missing glusterfs configuration object');
  });

  it('reports malformed JSON and missing files', () => {
    expect(failure('{ not json')).toThrow(/^config: unable to parse configuration/);
    expect(() => loadConfig({ configFile: join(dir, 'absent.json'), env: {} })).toThrow(/unable to open config file/);
  });

  it('requires both JWT keys unless auth is disabled', () => {
    const file = writeConfig({ jwt: { admin: { key: 'a' } }, glusterfs: { executor: 'mock' } });
    expect(() => loadConfig({ configFile: file, env: {} })).toThrow('Missing JWT information in config file');
    expect(loadConfig({ configFile: file, env: { HEKETI_USER_KEY: 'u' } }).auth.userKey).toBe('u');
    expect(loadConfig({ configFile: file, env: {}, disableAuth: true }).auth.enabled).toBe(false);
  });

  it('rejects unsupported executors and bad states', () => {
    expect(failure({ ...keys, glusterfs: { executor: 'magic' } })).toThrow('config: glusterfs.executor: invalid executor: magic');
    expect(failure({ ...keys, default_state: 'off', glusterfs: { executor: 'mock' } })).toThrow(/unknown admin state name: off/);
    expect(failure({ ...keys, glusterfs: { executor: 'mock', zone_checking: 'loose' } })).toThrow(/glusterfs.zone_checking/);
  });

  it('needs an ssh key file for the ssh executor (the default)', () => {
    expect(failure({ ...keys, glusterfs: {} })).toThrow('config: glusterfs.sshexec.keyfile: Missing ssh private key file in configuration');
  });

  it('names the variable for a bad env value', () => {
    expect(failure({ ...keys, glusterfs: { executor: 'mock' } }, { HEKETI_HTTP_PORT: 'http' })).toThrow('config: HEKETI_HTTP_PORT: expected a port number');
    expect(failure({ ...keys, glusterfs: { executor: 'mock' } }, { HEKETI_SNAPSHOT_LIMIT: 'x' })).toThrow('config: HEKETI_SNAPSHOT_LIMIT: expected an integer');
  });
});

describe('configWarnings', () => {
  it('warns that use_auth is ignored', () => {
    const warnings = configWarnings({ configFile: mockFile({}, { use_auth: false }), env: {} });
    expect(warnings.join('\n')).toMatch(/use_auth is ignored.*authentication is on/);
  });

  it('warns about unverified host keys with the ssh executor, unless made explicit', () => {
    const sshFile = (extra: Record<string, unknown>) => mockFile({ executor: 'ssh', sshexec: { keyfile: '/k', ...extra } });
    expect(configWarnings({ configFile: sshFile({}), env: {} }).join('\n')).toMatch(/SSH_KNOWN_HOSTS is not set/);
    const explicit = resolveConfig({ configFile: sshFile({ insecure_host_key: true }), env: {} });
    expect(explicit.warnings).toEqual([]);
    expect(explicit.config.glusterfs.sshexec.insecureHostKey).toBe(true);
    expect(() => loadConfig({ configFile: sshFile({ insecure_host_key: false }), env: {} })).toThrow(/insecure_host_key/);
  });

  it('gives no warnings for a plain mock config', () => {
    expect(configWarnings({ configFile: mockFile(), env: {} })).toEqual([]);
  });
});

describe('embedded defaults and the sample files', () => {
  it('runs the mock executor on data/heketi.db with the sample keys and example topology', () => {
    const config = embeddedDefaultConfig();
    expect(config.glusterfs.executor).toBe('mock');
    expect(config.glusterfs.db).toBe('data/heketi.db');
    expect(config.auth).toMatchObject({ enabled: true, adminKey: 'My Secret', userKey: 'My Secret user' });
    expect(config.topologyFile).toMatch(/topology\.example\.json$/);
  });

  it('applies env overrides to the embedded defaults when serve has no --config', () => {
    expect(loadConfig({ env: { HEKETI_HTTP_PORT: '0' } }).port).toBe(0);
  });

  it('loads etc/heketi.json cleanly', () => {
    const configFile = new URL('../../etc/heketi.json', import.meta.url).pathname;
    const { config, warnings } = resolveConfig({ configFile, env: {} });
    expect(config.glusterfs.executor).toBe('mock');
    expect(config.auth.adminKey).toBe('My Secret');
    expect(warnings).toEqual([]);
  });
});
