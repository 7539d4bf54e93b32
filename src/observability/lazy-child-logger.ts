/**
 * Fastify's per-request child logger, made when the request first logs a line at an enabled level.
 *
 * Fastify makes a child of the server's pino logger for every request, and pino runs each new
 * child's bindings (the request id) through the redaction of every wildcard path (logger.ts):
 * about a fifth of what a cached `GET /volumes` allocated, and every young-generation GC that
 * garbage brings on is a stall for all requests in flight, longer when the server shares its core
 * (docs/benchmarks.md). Nearly every request logs nothing at the configured level (Heketi's
 * default is `info`, the bench's `warning`; a successful read logs at `info` only in Fastify's
 * request lines), so nearly every request now makes no child. The lines a request does log are
 * the same: the child is pino's own, with the request id and the redaction.
 */
import type { FastifyBaseLogger } from 'fastify';

type Bindings = Parameters<FastifyBaseLogger['child']>[0];
type ChildLoggerOptions = NonNullable<Parameters<FastifyBaseLogger['child']>[1]>;

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/** What the lazy child needs from its parent beyond Fastify's logger: pino's level test. */
interface LevelAware extends FastifyBaseLogger {
  isLevelEnabled(level: string): boolean;
}

const isLevelAware = (logger: FastifyBaseLogger): logger is LevelAware =>
  typeof (logger as Partial<LevelAware>).isLevelEnabled === 'function';

/**
 * The factory for `Fastify({ childLoggerFactory })`. A route with its own log level or serializers
 * (none in heketi-ts), or a parent without pino's level test, gets its child at once, as by default.
 */
export function lazyChildLoggerFactory(logger: FastifyBaseLogger, bindings: Bindings, options: ChildLoggerOptions): FastifyBaseLogger {
  if (!isLevelAware(logger) || options.level !== undefined || options.serializers !== undefined) return logger.child(bindings, options);
  return new LazyChildLogger(logger, bindings, options);
}

export class LazyChildLogger implements FastifyBaseLogger {
  private made: FastifyBaseLogger | undefined;

  constructor(
    private readonly parent: LevelAware,
    private readonly bindings: Bindings,
    private readonly options: ChildLoggerOptions,
  ) {}

  /** Whether pino's child exists yet (for tests). */
  get isMade(): boolean {
    return this.made !== undefined;
  }

  get level(): string {
    return this.made?.level ?? this.parent.level;
  }

  set level(level: string) {
    this.child$().level = level;
  }

  // Methods on the prototype, not arrow-function fields: seven closures per request would be
  // garbage of their own.
  fatal(...args: unknown[]): void {
    this.log('fatal', args);
  }
  error(...args: unknown[]): void {
    this.log('error', args);
  }
  warn(...args: unknown[]): void {
    this.log('warn', args);
  }
  info(...args: unknown[]): void {
    this.log('info', args);
  }
  debug(...args: unknown[]): void {
    this.log('debug', args);
  }
  trace(...args: unknown[]): void {
    this.log('trace', args);
  }
  silent(): void {}

  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.child$().child(bindings, options);
  }

  private log(level: Level, args: unknown[]): void {
    // Before the child exists its level is the parent's (no level of its own: see the factory).
    if (this.made === undefined && !this.parent.isLevelEnabled(level)) return;
    (this.child$()[level] as (...a: unknown[]) => void)(...args);
  }

  private child$(): FastifyBaseLogger {
    this.made ??= this.parent.child(this.bindings, this.options);
    return this.made;
  }
}
