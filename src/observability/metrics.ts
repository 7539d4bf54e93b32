/**
 * Everything `/metrics` exposes: Heketi's gauges, Node's process metrics, and heketi-ts's own
 * series under `heketi_ts_` (request latency, operations in flight and waiting, operation duration). One
 * registry per app, so several servers in one process (tests) never collide.
 */
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Store } from '../store/store.js';
import { HeketiGauges } from './heketi-gauges.js';

/** Where the metrics read live values from. */
export interface MetricsSources {
  store: Store;
  /** Operations and jobs in flight right now (InFlightTracker.inFlight). */
  inFlight: () => number;
  /** Operations waiting for a max_inflight_operations slot (InFlightTracker.waitingCount). */
  waiting: () => number;
  /** The response body cache (BodyCache): what it holds and how often it answered. */
  responseCache: () => CacheFigures;
  /** The volume records volume infos are written from (VolumeInfoJson). */
  volumeCache: () => CacheFigures;
}

export interface CacheFigures {
  entries: number;
  bytes: number;
  hits: number;
  misses: number;
}

export type OperationOutcome = 'success' | 'failure';

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const OPERATION_BUCKETS = [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

export class AppMetrics {
  readonly registry = new Registry();
  private readonly heketi: HeketiGauges;
  private readonly requestDuration: Histogram<'method' | 'route' | 'status'>;
  private readonly operationDuration: Histogram<'op' | 'outcome'>;

  constructor(sources: MetricsSources) {
    this.heketi = new HeketiGauges(sources.store, sources.inFlight);
    collectDefaultMetrics({ register: this.registry });
    this.requestDuration = new Histogram({
      name: 'heketi_ts_http_request_duration_seconds',
      help: 'HTTP request latency by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      buckets: LATENCY_BUCKETS,
      registers: [this.registry],
    });
    this.operationDuration = new Histogram({
      name: 'heketi_ts_operation_duration_seconds',
      help: 'Duration of asynchronous operations from build to finalize or rollback',
      labelNames: ['op', 'outcome'],
      buckets: OPERATION_BUCKETS,
      registers: [this.registry],
    });
    const live = (name: string, help: string, read: () => number) => liveGauge(this.registry, name, help, read);
    live('heketi_ts_operations_in_flight', 'Operations and jobs running now', sources.inFlight);
    live('heketi_ts_operations_waiting', 'Operations waiting for a max_inflight_operations slot (throttle_wait_seconds)', sources.waiting);
    // Gauges even for the two counts: they are read from the cache, not incremented here.
    const cache = sources.responseCache;
    live('heketi_ts_response_cache_bytes', 'Bytes of response bodies kept until the database changes', () => cache().bytes);
    live('heketi_ts_response_cache_entries', 'Response bodies kept until the database changes', () => cache().entries);
    live('heketi_ts_response_cache_hits_total', 'Read responses answered from the response cache', () => cache().hits);
    live('heketi_ts_response_cache_misses_total', 'Read responses built because the cache did not hold them', () => cache().misses);
    const records = sources.volumeCache;
    live('heketi_ts_volume_cache_bytes', 'Estimated bytes of the volume records volume infos are written from', () => records().bytes);
    live('heketi_ts_volume_cache_entries', 'Volume records kept until the database changes', () => records().entries);
    live('heketi_ts_volume_cache_hits_total', 'Volume infos written from a kept volume record', () => records().hits);
    live('heketi_ts_volume_cache_misses_total', 'Volume infos written from the database because no record was kept', () => records().misses);
  }

  /**
   * The exposition text: Heketi's gauges recomputed from the database, then the registry's
   * families, one blank line between families as the registry writes them.
   */
  async scrape(): Promise<string> {
    const heketi = this.heketi.render();
    return `${heketi}\n\n${await this.registry.metrics()}`;
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  observeRequest(method: string, route: string, status: number, seconds: number): void {
    this.requestDuration.observe({ method, route, status: String(status) }, seconds);
  }

  /** For the operation runner: one observation per finished operation (op = Heketi type name). */
  observeOperation(op: string, outcome: OperationOutcome, seconds: number): void {
    this.operationDuration.observe({ op, outcome }, seconds);
  }
}

/** A gauge set from `read` at each scrape: the value lives elsewhere, the registry only shows it. */
function liveGauge(registry: Registry, name: string, help: string, read: () => number): void {
  new Gauge({
    name,
    help,
    registers: [registry],
    collect() {
      this.set(read());
    },
  });
}

/**
 * Times every request. The route label is the registered pattern (`/volumes/:id`), never the raw
 * URL, so ids do not explode the series count; unmatched paths share one label.
 */
export function registerRequestMetrics(app: FastifyInstance, metrics: AppMetrics): void {
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.observeRequest(request.method, stripIdPattern(route), reply.statusCode, reply.elapsedTime / 1000);
  });
}

/** `/volumes/:id(^[A-Fa-f0-9]+$)/expand` → `/volumes/:id/expand`. */
function stripIdPattern(route: string): string {
  return route.replace(/\(\^\[A-Fa-f0-9\]\+\$\)/g, '');
}
