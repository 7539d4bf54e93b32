/**
 * Fastify's pino, configured once: one JSON object per line with an ISO-8601 `time`, and every
 * place a secret could travel redacted. heketi-ts never logs a token, a JWT key, a request body or
 * a command's output (gluster-block prints CHAP passwords there); these paths are the safety net
 * if a later log call passes one by mistake.
 */

/** Object paths whose values are replaced by "[redacted]" wherever they are logged. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'headers.authorization',
  'authorization',
  '*.authorization',
  'token',
  '*.token',
  'password',
  '*.password',
  'key',
  '*.key',
  'adminKey',
  'userKey',
  '*.adminKey',
  '*.userKey',
  'auth.adminKey',
  'auth.userKey',
  'config.auth',
];

export interface LoggerOptions {
  level: string;
  /** Where the lines go; stdout when absent (tests pass a capturing stream). */
  stream?: NodeJS.WritableStream;
}

/** Options for Fastify's `logger`: pino with ISO times and redaction. */
export function pinoOptions(options: LoggerOptions): object {
  return {
    level: options.level,
    timestamp: () => `,"time":"${new Date().toISOString()}"`,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    ...(options.stream ? { stream: options.stream } : {}),
  };
}
