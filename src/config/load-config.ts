/**
 * The one place configuration is read: heketi.json (or the embedded defaults when `serve` gets no
 * --config), then the HEKETI_* environment, then command-line flags. Nothing else in heketi-ts
 * reads files or the environment for settings.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../project-root.js';
import { configError, ConfigError } from './config-error.js';
import { applyEnvOverrides } from './env-overrides.js';
import { heketiJsonSchema, type HeketiJson } from './file-schema.js';
import { foldKeys } from './fold-keys.js';
import { resolveAppConfig, type ConfigFlags, type Resolved } from './resolve.js';
import type { AppConfig } from './types.js';

/** Inputs of loadConfig: the file (optional), the process environment and the serve flags. */
export interface LoadConfigOptions extends ConfigFlags {
  /** heketi.json to read; without it the embedded development defaults are used. */
  configFile?: string;
  env: Record<string, string | undefined>;
}

/** The sample secrets of etc/heketi.json; the server prints them when it runs on these defaults. */
export const SAMPLE_ADMIN_KEY = 'My Secret';
export const SAMPLE_USER_KEY = 'My Secret user';

/** topology.example.json ships at the package root. */
const EXAMPLE_TOPOLOGY = join(PROJECT_ROOT, 'topology.example.json');

/** What `serve` runs on without --config: the mock executor, a local SQLite file, the example topology. */
function embeddedDefaultJson(): HeketiJson {
  return {
    port: '8080',
    jwt: { admin: { key: SAMPLE_ADMIN_KEY }, user: { key: SAMPLE_USER_KEY } },
    topology: EXAMPLE_TOPOLOGY,
    glusterfs: { executor: 'mock', db: 'data/heketi.db', loglevel: 'info' },
  };
}

function formatIssuePath(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '(top level)' : path.map(String).join('.');
}

/** Validates parsed heketi.json text against the schema; the error names the first bad key. */
export function parseHeketiJson(json: unknown): HeketiJson {
  const result = heketiJsonSchema.safeParse(foldKeys(json));
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const missing = issue.code === 'invalid_type' && issue.path.length === 1 && issue.path[0] === 'glusterfs';
  throw configError(formatIssuePath(issue.path), missing ? 'missing glusterfs configuration object' : issue.message);
}

function readHeketiJson(configFile: string): HeketiJson {
  let text: string;
  try {
    text = readFileSync(configFile, 'utf8');
  } catch (error) {
    throw new ConfigError(`config: unable to open config file ${configFile}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`config: unable to parse configuration ${configFile}: ${(error as Error).message}`);
  }
  return parseHeketiJson(json);
}

/** Loads and resolves the configuration, returning start-up warnings alongside it. Throws ConfigError. */
export function resolveConfig(opts: LoadConfigOptions): Resolved {
  const file = opts.configFile === undefined ? embeddedDefaultJson() : readHeketiJson(opts.configFile);
  return resolveAppConfig(applyEnvOverrides(file, opts.env), opts.env, opts);
}

/** The resolved AppConfig (defaults < file < env < flags). Throws ConfigError with the key at fault. */
export function loadConfig(opts: LoadConfigOptions): AppConfig {
  return resolveConfig(opts).config;
}

/**
 * The warnings the server should print at start for these options: `use_auth` being ignored,
 * unverified ssh host keys, unknown log levels and the like.
 */
export function configWarnings(opts: LoadConfigOptions): string[] {
  return resolveConfig(opts).warnings;
}

/** The configuration `serve` uses without --config and without any environment. */
export function embeddedDefaultConfig(): AppConfig {
  return resolveAppConfig(embeddedDefaultJson(), {}, {}).config;
}
