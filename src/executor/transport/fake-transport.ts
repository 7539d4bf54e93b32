import type { Command } from '../commands/command.js';
import { RemoteCommandError, type ExecResult, type Transport } from './transport.js';

/** One command the fake received. */
export interface RecordedCall {
  host: string;
  argv: string[];
  timeoutMs: number;
}

/** Selects commands: a substring or RegExp of `argv.join(' ')`, or a predicate on the argv. */
export type CommandMatcher = string | RegExp | ((argv: string[], host: string) => boolean);

/** What a scripted command answers: output and exit code, a transport failure, or a function of the call. */
export type ScriptedReply =
  | Partial<ExecResult>
  | { fail: 'timeout' | 'unreachable' | 'connection-lost'; detail?: string }
  | ((call: RecordedCall) => Partial<ExecResult>);

interface Script {
  matcher: CommandMatcher;
  host: string | undefined;
  reply: ScriptedReply;
  remaining: number;
}

const matches = (matcher: CommandMatcher, argv: string[], host: string): boolean => {
  const text = argv.join(' ');
  if (typeof matcher === 'string') return text.includes(matcher);
  if (matcher instanceof RegExp) return matcher.test(text);
  return matcher(argv, host);
};

/**
 * A Transport for unit tests of the command executor: records every argv, answers from scripts
 * (first unused match wins; unscripted commands succeed with empty output) and can assert that every
 * script was used, like undici's MockAgent.
 */
export class FakeTransport implements Transport {
  readonly calls: RecordedCall[] = [];
  private readonly scripts: Script[] = [];
  closed = false;

  /** Scripts the next `times` (default 1; Infinity for always) matching commands, optionally on one host. */
  on(matcher: CommandMatcher, reply: ScriptedReply, options: { host?: string; times?: number } = {}): this {
    this.scripts.push({ matcher, reply, host: options.host, remaining: options.times ?? 1 });
    return this;
  }

  async exec(host: string, command: Command): Promise<ExecResult> {
    const call: RecordedCall = { host, argv: [...command.argv], timeoutMs: command.timeoutMs };
    this.calls.push(call);
    const script = this.scripts.find(
      (s) => s.remaining > 0 && (s.host === undefined || s.host === host) && matches(s.matcher, call.argv, host),
    );
    if (!script) return { stdout: '', stderr: '', exitCode: 0 };
    script.remaining--;
    const reply = typeof script.reply === 'function' ? script.reply(call) : script.reply;
    if ('fail' in reply) throw new RemoteCommandError(host, call.argv, null, reply.detail ?? reply.fail, reply.fail);
    return { stdout: reply.stdout ?? '', stderr: reply.stderr ?? '', exitCode: reply.exitCode ?? 0 };
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  /** The recorded commands as `argv.join(' ')`, optionally of one host only. */
  lines(host?: string): string[] {
    return this.calls.filter((c) => host === undefined || c.host === host).map((c) => c.argv.join(' '));
  }

  /** Throws listing the scripts that were never (fully) used. */
  assertNoPendingScripts(): void {
    const pending = this.scripts.filter((s) => s.remaining > 0 && s.remaining !== Infinity);
    if (pending.length > 0) {
      throw new Error(`unused scripted commands: ${pending.map((s) => String(s.matcher)).join(', ')}`);
    }
  }
}
