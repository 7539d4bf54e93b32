import type { HeketiLogLevel } from '../config/types.js';

/** Heketi's level names onto pino's. */
export const PINO_LEVEL: Record<HeketiLogLevel, string> = {
  none: 'silent',
  critical: 'fatal',
  error: 'error',
  warning: 'warn',
  info: 'info',
  debug: 'debug',
};

/** The runtime log level behind /internal/logging; `apply` changes the real logger. */
export class LogLevelControl {
  constructor(
    private level: HeketiLogLevel,
    private readonly apply: (pinoLevel: string) => void,
  ) {
    apply(PINO_LEVEL[level]);
  }

  get(): HeketiLogLevel {
    return this.level;
  }

  set(level: HeketiLogLevel): void {
    this.level = level;
    this.apply(PINO_LEVEL[level]);
  }
}
