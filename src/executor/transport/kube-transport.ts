import type { Command } from '../commands/command.js';
import { isValidHostname } from '../commands/validate.js';
import { execVerdict, neverStarted } from '../../kube/exec-status.js';
import { ExecOpenError, type ExecStream } from '../../kube/exec-stream.js';
import { describeTarget, findExecTarget, PodLookupError, type ExecTarget, type PodApi, type PodLookupMode } from '../../kube/pod-target.js';
import { RemoteCommandError, type ExecResult, type Transport } from './transport.js';

const MINUTE_MS = 60_000;
/** How long a node's pod is remembered; a pod that vanished sooner is looked up again at once. */
const DEFAULT_POD_CACHE_MS = 30_000;
/** coreutils `timeout` exits with 124 when it killed the command. */
const TIMEOUT_EXIT_CODE = 124;

export interface KubeTransportOptions {
  namespace: string;
  mode: PodLookupMode;
  /** Exec streams open at once; one more fails with Heketi's "Too many kube exec connections active". */
  maxConnections: number;
  /** Heketi's `timeout <N>m` in front of every command, unless disable_timeout_prefix. */
  timeoutPrefix: boolean;
  pods: PodApi;
  exec: ExecStream;
  /** Added to a command's own timeout before the client gives up on the stream (Heketi: 1 minute). */
  clientGraceMs?: number;
  podCacheMs?: number;
  now?: () => number;
}

/** The whole minutes of Heketi's `timeout <N>m`, at least 1. */
export const timeoutMinutes = (timeoutMs: number): number => Math.max(1, Math.ceil(timeoutMs / MINUTE_MS));

/** The argv sent to the pod: the command's own, behind `timeout <N>m` when the prefix is on. */
export const podArgv = (command: Command, timeoutPrefix: boolean): string[] =>
  timeoutPrefix ? ['timeout', `${timeoutMinutes(command.timeoutMs)}m`, ...command.argv] : [...command.argv];

/**
 * The kubernetes transport (Heketi's kubeexec): each command is exec'd in the glusterfs pod of the
 * node, found by the configured lookup mode, through the Kubernetes API. Errors name the node, the
 * pod and the command; a failure before the command started is 'unreachable', so that the
 * executor's rollback knows nothing happened on that node.
 */
export class KubeTransport implements Transport {
  private active = 0;
  private readonly targets = new Map<string, { target: ExecTarget; until: number }>();
  private readonly closing = new Set<AbortController>();
  private readonly now: () => number;

  constructor(private readonly options: KubeTransportOptions) {
    this.now = options.now ?? Date.now;
  }

  async exec(host: string, command: Command): Promise<ExecResult> {
    const fail = (detail: string, failure: RemoteCommandError['failure'] = 'unreachable'): RemoteCommandError =>
      new RemoteCommandError(host, command.argv, null, detail, failure);
    if (!isValidHostname(host)) throw fail('invalid host name');
    if (this.active >= this.options.maxConnections) throw fail(`Too many kube exec connections active (${this.active})`);
    this.active++;
    try {
      return await this.execInPod(host, command, fail);
    } finally {
      this.active--;
    }
  }

  private async execInPod(
    host: string,
    command: Command,
    fail: (detail: string, failure?: RemoteCommandError['failure']) => RemoteCommandError,
  ): Promise<ExecResult> {
    const argv = podArgv(command, this.options.timeoutPrefix);
    for (let attempt = 1; ; attempt++) {
      const target = await this.targetFor(host).catch((e: unknown) => {
        throw e instanceof PodLookupError ? fail(e.message) : e;
      });
      const where = describeTarget(target);
      const controller = new AbortController();
      this.closing.add(controller);
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, command.timeoutMs + (this.options.clientGraceMs ?? MINUTE_MS));
      try {
        const outcome = await this.options.exec(target, argv, controller.signal);
        if (timedOut) throw fail(`${where}: no answer after ${command.timeoutMs} ms`, 'timeout');
        if (controller.signal.aborted) throw fail(`${where}: the transport was closed`, 'connection-lost');
        const verdict = execVerdict(outcome.status);
        if (verdict.kind === 'exited') {
          if (verdict.exitCode === TIMEOUT_EXIT_CODE && this.options.timeoutPrefix) {
            throw fail(`${argv[0]} ${argv[1]} in ${where}`, 'timeout');
          }
          return { stdout: outcome.stdout, stderr: outcome.stderr, exitCode: verdict.exitCode };
        }
        const started = outcome.stdout !== '' || outcome.stderr !== '' || !neverStarted(verdict.message);
        throw fail(`${where}: ${verdict.message}`, started ? 'connection-lost' : 'unreachable');
      } catch (e) {
        if (!(e instanceof ExecOpenError)) throw e;
        // The pod went away since it was looked up (a DaemonSet pod replaced): look again, once.
        this.targets.delete(host);
        if (e.httpStatus === 404 && attempt === 1) continue;
        throw fail(this.openFailure(e, target));
      } finally {
        clearTimeout(timer);
        this.closing.delete(controller);
      }
    }
  }

  private openFailure(e: ExecOpenError, target: ExecTarget): string {
    const where = describeTarget(target);
    if (e.httpStatus === 403) {
      return (
        `${where}: exec refused (HTTP 403 Forbidden): the credentials lack RBAC permission on pods/exec ` +
        `in namespace ${target.namespace} (grant verbs "get" (WebSocket) and "create" (SPDY) on resource "pods/exec")`
      );
    }
    if (e.httpStatus === 401) return `${where}: exec refused (HTTP 401 Unauthorized): token expired or wrong?`;
    return `Unable to setup a session with ${target.pod}: ${where}: ${e.message}`;
  }

  private async targetFor(host: string): Promise<ExecTarget> {
    const cached = this.targets.get(host);
    if (cached && cached.until > this.now()) return cached.target;
    const target = await findExecTarget(this.options.pods, this.options.mode, this.options.namespace, host);
    this.targets.set(host, { target, until: this.now() + (this.options.podCacheMs ?? DEFAULT_POD_CACHE_MS) });
    return target;
  }

  /** Ends the streams still open; the pod lookups are forgotten. */
  async close(): Promise<void> {
    for (const controller of this.closing) controller.abort();
    this.targets.clear();
  }
}
