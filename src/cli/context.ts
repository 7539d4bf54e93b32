/**
 * What every heketi-cli command needs: where to write, the environment, and a client built from
 * the global flags (-s/--server, --user, --secret; a flag beats HEKETI_CLI_* which beats defaults).
 */
import { Command, InvalidArgumentError } from 'commander';
import { parseGoBool } from '../config/go-values.js';
import { HeketiClient } from '../client/heketi-client.js';
import { tlsFetch } from '../client/tls-fetch.js';
import { goJson } from './format/go-print.js';

/** The process surroundings, injectable so tests can run the program in-process. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  /** Waits (the heal-check warning pauses 10 s); tests pass a no-op. */
  sleep: (ms: number) => Promise<void>;
}

export const DEFAULT_CLI_SERVER = 'http://localhost:8080';

/** A usage error a command reports before talking to the server. */
export class CliError extends Error {}

interface GlobalOptions {
  server?: string;
  user?: string;
  secret?: string;
  json?: boolean;
  insecureTls?: boolean;
  tlsCert?: string[];
}

const globals = (cmd: Command): GlobalOptions => cmd.optsWithGlobals<GlobalOptions>();

export function makeClient(cmd: Command, io: CliIo): HeketiClient {
  const options = globals(cmd);
  const tls = { insecure: options.insecureTls === true, certFiles: options.tlsCert ?? [] };
  return new HeketiClient({
    server: options.server || io.env.HEKETI_CLI_SERVER || DEFAULT_CLI_SERVER,
    user: options.user || io.env.HEKETI_CLI_USER || '',
    secret: options.secret || io.env.HEKETI_CLI_KEY || '',
    // -I / -C: https with heketi-cli's trust settings; without them the system's roots apply.
    ...(tls.insecure || tls.certFiles.length > 0 ? { fetch: tlsFetch(tls) } : {}),
  });
}

export const wantsJson = (cmd: Command): boolean => globals(cmd).json === true;

/** Prints `value` as compact JSON without a newline when --json is set, else the text. */
export function printResult(cmd: Command, io: CliIo, value: unknown, text: () => string): void {
  io.stdout(wantsJson(cmd) ? goJson(value) : text());
}

/** A required positional argument, or a CliError with heketi-cli's message. */
export function requireArg(value: string | undefined, message: string): string {
  if (value === undefined || value === '') throw new CliError(message);
  return value;
}

/** For list commands: under --json prints the list itself and returns true. */
export function printJsonOnly(cmd: Command, io: CliIo, value: unknown): boolean {
  if (!wantsJson(cmd)) return false;
  io.stdout(goJson(value));
  return true;
}

/** Parser for Go-style boolean flag values (--block=false). */
export function goBoolOption(text: string): boolean {
  const value = parseGoBool(text);
  if (value === undefined) throw new InvalidArgumentError(`invalid boolean value "${text}"`);
  return value;
}

/** Parser for integer flag values. */
export function intOption(text: string): number {
  if (!/^[+-]?\d+$/.test(text)) throw new InvalidArgumentError(`invalid integer value "${text}"`);
  return Number(text);
}

export function floatOption(text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw new InvalidArgumentError(`invalid number "${text}"`);
  return value;
}

/** heketi-cli's warning before an expert option that skips the heal check. */
export async function warnHealCheckSkipped(io: CliIo): Promise<void> {
  io.stdout('Skipping the heal check may be dangerous and increase the risk of data loss.\n Press CTRL-C within 10 seconds to cancel this action.\n');
  await io.sleep(10_000);
}

/** Splits heketi-cli tag arguments `k:v` into a map. */
export function parseTagArgs(args: readonly string[]): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const arg of args) {
    const at = arg.indexOf(':');
    if (at < 0) throw new CliError(`expected colon (:) between tag name and value, got: ${arg}`);
    tags[arg.slice(0, at)] = arg.slice(at + 1);
  }
  return tags;
}
