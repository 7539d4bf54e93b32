import { readFileSync } from 'node:fs';
import { buildApp, buildServices } from './app.js';
import type { AppConfig } from './config/types.js';
import { randomIdGen } from './domain/ids.js';
import { randomRng } from './domain/rng.js';
import { parseTopologyFile } from './domain/topology-file.js';
import { createCommandExecutor } from './executor/command-executor.js';
import type { Executor } from './executor/executor.js';
import { MockExecutor, type PoolOf } from './executor/mock-executor.js';
import { pinoOptions } from './observability/logger.js';
import { LoggingTransport } from './executor/transport/logging-transport.js';
import { loadPrivateKey, SshAgent } from './executor/transport/ssh-agent.js';
import { recoverOperations, settleInterruptedJobs } from './operations/recovery.js';
import { startupRecoveryPolicy } from './operations/recovery-policy.js';
import { type ServiceContext, systemClock } from './services/context.js';
import { DB_GENERATION_ID } from './services/heketi-export.js';
import { loadTopology } from './services/topology-load.js';
import { loadTlsIdentity } from './config/tls-identity.js';
import { prepareDbBackup, startDbBackup } from './kube/db-backup-startup.js';
import { acquireInstanceLock, type InstanceLock } from './store/instance-lock.js';
import { openStore, type Store } from './store/store.js';
import type { AppServices } from './api/services.js';
import type { FastifyInstance } from 'fastify';

export interface RunningServer {
  port: number;
  app: FastifyInstance;
  services: AppServices;
  /**
   * Stops listening, waits up to `graceMs` for running jobs, then closes the executor and the
   * database. Jobs still running after that are recovered at the next start.
   */
  close(graceMs?: number): Promise<void>;
}

/** `notes` collects start-up facts worth a log line once the logger exists. */
async function createExecutor(config: AppConfig, log: ServiceContext['log'], notes: string[], poolOf: PoolOf): Promise<Executor> {
  const options = {
    rebalanceOnExpansion: config.glusterfs.rebalanceOnExpansion,
    logger: { warn: (message: string) => log.warn(message) },
  };
  switch (config.glusterfs.executor) {
    case 'mock':
      return new MockExecutor(config.glusterfs.mockexec, log, undefined, poolOf);
    case 'kubernetes': {
      // Loaded only here: the Kubernetes client takes seconds to import on a busy machine.
      const { createKubeExecutor } = await import('./executor/kube-executor.js');
      return createKubeExecutor(config.glusterfs.kubeexec, { ...options, info: (message) => notes.push(message), commandLog: log });
    }
    case 'ssh': {
      const ssh = config.glusterfs.sshexec;
      const transport = new LoggingTransport(new SshAgent(ssh, { privateKey: loadPrivateKey(ssh.keyfile) }), log);
      return createCommandExecutor(ssh, transport, options);
    }
  }
}

/**
 * Starts heketi-ts: takes the database's server lock (a second server on the same database stops
 * here, before it touches anything), opens and migrates the database, recovers every interrupted
 * operation, loads the configured topology, then listens. SIGUSR2 resets the admin mode to normal,
 * as in Heketi.
 */
export async function startServer(
  config: AppConfig,
  warnings: string[] = [],
  options: { logger?: boolean; logStream?: NodeJS.WritableStream; lock?: InstanceLock } = {},
): Promise<RunningServer> {
  const lock = options.lock ?? acquireInstanceLock(config.glusterfs.db);
  try {
    return await startLocked(config, warnings, options, lock);
  } catch (error) {
    lock.release();
    throw error;
  }
}

async function startLocked(
  config: AppConfig,
  warnings: string[],
  options: { logger?: boolean; logStream?: NodeJS.WritableStream },
  lock: InstanceLock,
): Promise<RunningServer> {
  const tls = loadTlsIdentity(config);
  const app0Logger = { level: 'info' as string };
  let appRef: FastifyInstance | undefined;
  const bootLog = makeBootLogger(() => appRef);
  const startupNotes: string[] = [];
  // First, so that an executor that cannot be set up (no kube credentials) stops the start cleanly.
  // The mock keeps one namespace of volume names per cluster, as gluster one per pool.
  let storeRef: Store | undefined;
  const clusterOfHost: PoolOf = (host) => {
    const nodes = storeRef?.nodes;
    const nodeId = nodes?.hostnameOwnerOf('manage', host) ?? nodes?.hostnameOwnerOf('storage', host);
    return (nodeId && nodes?.get(nodeId)?.clusterId) || '';
  };
  const executor = await createExecutor(config, bootLog, startupNotes, clusterOfHost);
  const backupSecret = await prepareDbBackup(config, warnings);
  const store = openStore(config.glusterfs.db, { journal: config.glusterfs.dbJournalMode });
  storeRef = store;
  store.setCacheMib(config.dbCacheMib);
  // Heketi gives every database a generation id when it is created; db dumps carry it.
  if (store.attributes.get(DB_GENERATION_ID) === undefined) {
    store.tx(() => store.attributes.set(DB_GENERATION_ID, randomIdGen.next()));
  }
  const ctx: ServiceContext = {
    config,
    store,
    executor,
    ids: randomIdGen,
    clock: systemClock,
    rng: randomRng(),
    log: bootLog,
  };
  const services = buildServices(ctx, (level) => {
    app0Logger.level = level;
    if (appRef) appRef.log.level = level;
  });
  const logger = options.logger === false ? false : pinoOptions({ level: app0Logger.level, stream: options.logStream });
  const app = buildApp(services, { logger, https: tls });
  appRef = app;
  for (const w of warnings) app.log.warn(w);
  for (const note of startupNotes) app.log.info(note);
  app.log.info(`database ${config.glusterfs.db}: journal_mode=${String(store.db.pragma('journal_mode', { simple: true }))}`);

  const recoveryPolicy = startupRecoveryPolicy(config.glusterfs.executor, config.glusterfs.recoverySettleSeconds);
  const report = await recoverOperations(store, services.loadOperation, ctx.log, recoveryPolicy);
  settleInterruptedJobs(store, services.jobs, report);
  if (config.topologyFile) await loadTopologyFile(config.topologyFile, ctx, services);
  const stopBackup = backupSecret
    ? startDbBackup(store.db, backupSecret, { info: (m) => app.log.info(m), error: (m) => app.log.error(m) })
    : undefined;
  await fillVolumeRecords(services);
  services.readiness.markReady();
  startBackgroundTasks(config, services);

  const onUsr2 = () => {
    services.adminMode.state = 'normal';
    app.log.info('SIGUSR2: admin state reset to normal');
  };
  process.on('SIGUSR2', onUsr2);

  await app.listen({ port: config.port, host: config.host || '::' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  return {
    port,
    app,
    services,
    close: async (graceMs = 10_000) => {
      process.off('SIGUSR2', onUsr2);
      await app.close();
      await Promise.all([services.cleaner.stop(), services.driftMonitor.stop(), services.volumeInfos.stopFilling()]);
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([services.jobs.drain(), new Promise((r) => (timer = setTimeout(r, graceMs)))]);
      clearTimeout(timer);
      await stopBackup?.();
      await ctx.executor.close();
      store.close();
      lock.release();
    },
  };
}

/**
 * Heketi's background cleaner (on unless disabled, as in Heketi) and the periodic drift examiner (off
 * unless an interval is set).
 */
function startBackgroundTasks(config: AppConfig, services: AppServices): void {
  const gfs = config.glusterfs;
  if (!gfs.disableBackgroundCleaner) {
    services.cleaner.start({ startSeconds: gfs.startTimeBackgroundCleaner, refreshSeconds: gfs.refreshTimeBackgroundCleaner });
  }
  if (gfs.driftExamineIntervalSeconds > 0) services.driftMonitor.start(gfs.driftExamineIntervalSeconds);
}

/**
 * Every visible volume's record (VolumeInfoJson.fill), made before the server listens: filled while
 * requests were served, it ran through the first seconds of reads at 50,000 volumes (~1 s of CPU
 * and ~27 MiB of records promoted to the old generation meanwhile), and those reads' p99 was twice
 * the later ones' (docs/benchmarks.md, "Volume records made before listening"). The bound on the
 * records (volume_cache_mb) bounds the wait. A failure is logged: the records are then made by the reads.
 */
async function fillVolumeRecords(services: AppServices): Promise<void> {
  const started = performance.now();
  try {
    await services.volumeInfos.fill();
    const { entries } = services.volumeInfos.size();
    services.ctx.log.info(`volume records: ${entries} made in ${Math.round(performance.now() - started)} ms`);
  } catch (e) {
    services.ctx.log.warn(`volume records not filled: ${String(e)}`);
  }
}

async function loadTopologyFile(file: string, ctx: ServiceContext, services: AppServices): Promise<void> {
  const parsed = parseTopologyFile(JSON.parse(readFileSync(file, 'utf8')) as unknown);
  if (!parsed.ok) throw new Error(`topology ${file}: ${parsed.errors.join('; ')}`);
  const report = await loadTopology(ctx, services, parsed.topology);
  for (const e of report.errors) ctx.log.warn(`topology ${file}: ${e}`);
}

/** A logger for services that forwards to Fastify's pino once the app exists. */
function makeBootLogger(app: () => FastifyInstance | undefined): ServiceContext['log'] {
  const forward =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (obj: object | string, msg?: string): void => {
      const log = app()?.log;
      if (!log) return;
      if (typeof obj === 'string') log[level](obj);
      else log[level](obj, msg);
    };
  return { debug: forward('debug'), info: forward('info'), warn: forward('warn'), error: forward('error') };
}
