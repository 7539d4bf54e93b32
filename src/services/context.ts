import type { AppConfig } from '../config/types.js';
import type { IdGen } from '../domain/ids.js';
import type { Rng } from '../domain/rng.js';
import type { Executor } from '../executor/executor.js';
import type { Store } from '../store/store.js';

/** The minimal logger services use (pino's method shape). */
export interface Logger {
  debug(obj: object | string, msg?: string): void;
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
}

export interface Clock {
  /** Unix time in seconds. */
  nowSeconds(): number;
}

export const systemClock: Clock = { nowSeconds: () => Math.floor(Date.now() / 1000) };

/** Everything a service needs; built once by the server and handed to buildApp. */
export interface ServiceContext {
  config: AppConfig;
  store: Store;
  executor: Executor;
  ids: IdGen;
  clock: Clock;
  rng: Rng;
  log: Logger;
}
