/** A configuration problem that stops start-up. The message names the key or variable at fault. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** `config: <key path>: <problem>`, the one format every config error uses. */
export const configError = (path: string, problem: string): ConfigError =>
  new ConfigError(`config: ${path}: ${problem}`);
