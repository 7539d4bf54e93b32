import Fastify, { type FastifyInstance } from 'fastify';
import type { TlsIdentity } from './config/tls-identity.js';
import { BodyCache } from './api/http/body-cache.js';
import { VolumeInfoJson } from './api/mappers/volume-info-json.js';
import { AdminMode, registerAdminGate } from './api/plugins/admin-state.js';
import { registerAuth } from './api/plugins/auth.js';
import { registerAcceptedWhenRecorded } from './api/plugins/accepted-recorded.js';
import { registerHeketiHttp } from './api/plugins/heketi-http.js';
import { RouteTable } from './api/route-table.js';
import { adminRoutes } from './api/routes/admin.js';
import { blockVolumeRoutes } from './api/routes/block-volumes.js';
import { brickRoutes } from './api/routes/bricks.js';
import { clusterRoutes } from './api/routes/clusters.js';
import { dbRoutes } from './api/routes/db.js';
import { metricsRoutes } from './api/routes/metrics.js';
import { topologyRoutes } from './api/routes/topology.js';
import { AppMetrics, registerRequestMetrics } from './observability/metrics.js';
import { registerOpenApi } from './api/openapi.js';
import { deviceRoutes } from './api/routes/devices.js';
import { helloRoutes } from './api/routes/hello.js';
import { loggingRoutes } from './api/routes/logging.js';
import { nodeRoutes } from './api/routes/nodes.js';
import { operationRoutes } from './api/routes/operations.js';
import { queueRoutes } from './api/routes/queue.js';
import { volumeRoutes } from './api/routes/volumes.js';
import type { AppServices } from './api/services.js';
import { JobQueue } from './operations/jobs.js';
import { OperationRunner } from './operations/runner.js';
import { InFlightTracker } from './operations/tracker.js';
import { loadVolumeOperation } from './operations/volume-loader.js';
import { ClusterService } from './services/clusters.js';
import type { ServiceContext } from './services/context.js';
import { DeviceService } from './services/devices.js';
import { BlockVolumeService } from './services/block-volumes.js';
import { EvictService } from './services/evict.js';
import { LogLevelControl } from './services/log-level.js';
import { NodeService } from './services/nodes.js';
import { Readiness } from './services/readiness.js';
import { databaseWriteProblem } from './store/db.js';
import { RemovalService } from './services/removal.js';
import { VolumeService } from './services/volumes.js';
import { ExamineService } from './services/drift/examine-service.js';
import { DriftService } from './services/drift/drift-service.js';
import { RepairService } from './services/drift/repair-service.js';
import { loadRepairOperation } from './operations/repair-loader.js';
import { BackgroundCleaner } from './operations/background-cleaner.js';
import type { OperationLoader } from './operations/recovery.js';
import { DriftMonitor } from './services/drift/drift-monitor.js';
import { stateRoutes } from './api/routes/state.js';
import { lazyChildLoggerFactory } from './observability/lazy-child-logger.js';

/** Wires the services over one context. No I/O of its own. */
export function buildServices(ctx: ServiceContext, applyLogLevel: (pinoLevel: string) => void = () => undefined): AppServices {
  const tracker = new InFlightTracker({
    limit: ctx.config.glusterfs.maxInflightOperations,
    retryAfterSeconds: ctx.config.retryAfterSeconds,
    waitMs: ctx.config.throttleWaitSeconds * 1000,
  });
  const jobs = new JobQueue(ctx.store, ctx.ids, ctx.clock, ctx.config.queueRetentionSeconds, ctx.log);
  const bodies = new BodyCache(() => ctx.store.changes.current(), ctx.config.responseCacheMib * 2 ** 20);
  const volumeInfos = new VolumeInfoJson(ctx.store, ctx.config.volumeCacheMib * 2 ** 20);
  const metrics = new AppMetrics({
    store: ctx.store,
    inFlight: () => tracker.inFlight(),
    waiting: () => tracker.waitingCount(),
    responseCache: () => ({ ...bodies.size(), ...bodies.lookups() }),
    volumeCache: () => ({ ...volumeInfos.size(), ...volumeInfos.lookups() }),
  });
  const runner = new OperationRunner(ctx.store, tracker, jobs, ctx.log, (op, outcome, seconds) =>
    metrics.observeOperation(op, outcome, seconds),
  );
  const evict = new EvictService(ctx, runner);
  const blockVolumes = new BlockVolumeService(ctx, runner);
  const examine = new ExamineService(ctx, () => tracker.inFlight());
  const drift = new DriftService(ctx, examine);
  const loadOperation: OperationLoader = (stored) =>
    loadVolumeOperation(ctx, stored) ?? evict.loadOperation(stored) ?? blockVolumes.loadOperation(stored) ?? loadRepairOperation(ctx, stored);
  return {
    ctx,
    config: ctx.config,
    store: ctx.store,
    clock: ctx.clock,
    clusters: new ClusterService(ctx),
    nodes: new NodeService(ctx),
    devices: new DeviceService(ctx),
    evict,
    blockVolumes,
    removal: new RemovalService(ctx, runner, evict.evictAll),
    volumes: new VolumeService(ctx, runner),
    runner,
    jobs,
    tracker,
    adminMode: new AdminMode(ctx.config.defaultState),
    logLevel: new LogLevelControl(ctx.config.glusterfs.loglevel, applyLogLevel),
    readiness: new Readiness(() => databaseWriteProblem(ctx.config.glusterfs.db)),
    metrics,
    examine,
    drift,
    bodies,
    volumeInfos,
    repair: new RepairService(ctx, drift),
    driftMonitor: new DriftMonitor(drift, ctx.log, metrics.registry),
    cleaner: new BackgroundCleaner(ctx.store, loadOperation, ctx.log),
    loadOperation,
  };
}

/**
 * The Fastify application: Heketi's HTTP conventions, auth, admin gate and routes over the given
 * services. Tests build it with a real SQLite store and the mock executor and listen on port 0.
 */
export function buildApp(
  services: AppServices,
  options: { logger?: boolean | object; https?: TlsIdentity } = {},
): FastifyInstance {
  // With `https` (enable_tls) Fastify serves through node:https, as Heketi's ListenAndServeTLS.
  const app = Fastify({
    ...(options.https ? { https: options.https } : {}),
    logger: options.logger ?? false,
    ...(options.logger ? { childLoggerFactory: lazyChildLoggerFactory } : {}),
    bodyLimit: 16 * 1024 * 1024,
    return503OnClosing: true,
    // Heketi registers no HEAD routes: HEAD answers 405.
    exposeHeadRoutes: false,
    routerOptions: { ignoreTrailingSlash: false, ignoreDuplicateSlashes: false },
  });
  const routes = new RouteTable(app);
  registerHeketiHttp(app, routes, { errorDetails: services.config.errorDetails });
  registerRequestMetrics(app, services.metrics);
  registerOpenApi(app, routes);
  registerAuth(app, services.config, services.clock);
  registerAdminGate(app, services.adminMode);
  registerAcceptedWhenRecorded(app, services.jobs);
  for (const register of [helloRoutes, clusterRoutes, nodeRoutes, deviceRoutes, queueRoutes, adminRoutes, loggingRoutes, brickRoutes, blockVolumeRoutes, volumeRoutes, operationRoutes, dbRoutes, metricsRoutes, topologyRoutes, stateRoutes]) {
    register(routes, services);
  }
  return app;
}
