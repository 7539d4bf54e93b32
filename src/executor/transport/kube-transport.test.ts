import { describe, expect, it } from 'vitest';
import type { ExecStatus } from '../../kube/exec-status.js';
import { ExecOpenError, type ExecStream, type StreamOutcome } from '../../kube/exec-stream.js';
import type { ExecTarget, PodApi } from '../../kube/pod-target.js';
import { plain } from '../commands/command.js';
import { KubeTransport, podArgv, timeoutMinutes, type KubeTransportOptions } from './kube-transport.js';
import { RemoteCommandError } from './transport.js';

const exitStatus = (code: number): ExecStatus =>
  code === 0
    ? { status: 'Success' }
    : { status: 'Failure', reason: 'NonZeroExitCode', details: { causes: [{ reason: 'ExitCode', message: String(code) }] } };

/** A DaemonSet of one pod per node, counted lookups. */
const pods = (nodes: Record<string, string>): PodApi & { lists: number } => {
  const api = {
    lists: 0,
    listPods: async () => {
      api.lists++;
      return Object.entries(nodes).map(([nodeName, name]) => ({ name, nodeName }));
    },
    containerNames: async () => ['glusterfs'],
  };
  return api;
};

interface Call {
  target: ExecTarget;
  argv: string[];
  signal: AbortSignal;
}

/** An ExecStream answering from a function; records every call. */
const stream = (answer: (call: Call) => Promise<StreamOutcome> | StreamOutcome): ExecStream & { calls: Call[] } => {
  const calls: Call[] = [];
  const fn = async (target: ExecTarget, argv: string[], signal: AbortSignal) => {
    const call = { target, argv, signal };
    calls.push(call);
    return answer(call);
  };
  return Object.assign(fn, { calls });
};

const transport = (exec: ExecStream, overrides: Partial<KubeTransportOptions> = {}) =>
  new KubeTransport({
    namespace: 'glusterfs',
    mode: 'daemonset',
    maxConnections: 64,
    timeoutPrefix: true,
    pods: pods({ n1: 'glusterfs-n1', n2: 'glusterfs-n2' }),
    exec,
    ...overrides,
  });

const failure = async (promise: Promise<unknown>): Promise<RemoteCommandError> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RemoteCommandError);
  return error as RemoteCommandError;
};

describe('timeout prefix', () => {
  it("puts Heketi's `timeout <N>m` in front of the argv, rounding up to whole minutes", () => {
    expect(timeoutMinutes(5 * 60_000)).toBe(5);
    expect(timeoutMinutes(61_000)).toBe(2);
    expect(timeoutMinutes(10)).toBe(1);
    expect(podArgv(plain(['lvs', '--noheadings'], 5 * 60_000), true)).toEqual(['timeout', '5m', 'lvs', '--noheadings']);
    expect(podArgv(plain(['lvs', '--noheadings'], 5 * 60_000), false)).toEqual(['lvs', '--noheadings']);
  });
});

describe('KubeTransport', () => {
  it("runs the argv as a list in the node's pod and keeps stdout, stderr and the exit code apart", async () => {
    const exec = stream(() => ({ stdout: 'out', stderr: 'err', status: exitStatus(3) }));
    const result = await transport(exec).exec('n2', plain(['gluster', 'volume', 'info', "it's; rm -rf /"]));
    expect(result).toEqual({ stdout: 'out', stderr: 'err', exitCode: 3 });
    expect(exec.calls[0]!.target).toMatchObject({ namespace: 'glusterfs', pod: 'glusterfs-n2', container: 'glusterfs' });
    expect(exec.calls[0]!.argv).toEqual(['timeout', '5m', 'gluster', 'volume', 'info', "it's; rm -rf /"]);
  });

  it('remembers the pod of a node instead of listing pods for every command', async () => {
    const api = pods({ n1: 'glusterfs-n1' });
    const t = transport(
      stream(() => ({ stdout: '', stderr: '', status: exitStatus(0) })),
      { pods: api },
    );
    for (let i = 0; i < 3; i++) await t.exec('n1', plain(['true']));
    expect(api.lists).toBe(1);
  });

  it('looks the pod up again, once, when it vanished (HTTP 404 on the exec)', async () => {
    const api = pods({ n1: 'glusterfs-n1' });
    let first = true;
    const exec = stream(() => {
      if (first) {
        first = false;
        throw new ExecOpenError('Unexpected server response: 404', 404);
      }
      return { stdout: 'ok', stderr: '', status: exitStatus(0) };
    });
    expect((await transport(exec, { pods: api }).exec('n1', plain(['true']))).stdout).toBe('ok');
    expect(api.lists).toBe(2);
  });

  it("fails with Heketi's text, naming host and command, when the node has no pod", async () => {
    const error = await failure(transport(stream(() => ({ stdout: '', stderr: '', status: exitStatus(0) }))).exec('n3', plain(['mkdir', '-p', '/x'])));
    expect(error.failure).toBe('unreachable');
    expect(error.message).toBe(
      'host n3: command "mkdir -p /x" could not be run: Unable to find a GlusterFS pod on host n3 with a label key glusterfs-node',
    );
  });

  it('says which RBAC permission is missing when the exec is forbidden', async () => {
    const exec = stream(() => {
      throw new ExecOpenError('Unexpected server response: 403', 403);
    });
    const error = await failure(transport(exec).exec('n1', plain(['true'])));
    expect(error.failure).toBe('unreachable');
    expect(error.message).toMatch(/pod:glusterfs-n1 c:glusterfs ns:glusterfs .*HTTP 403 Forbidden.*pods\/exec in namespace glusterfs/);
  });

  it('reports a kubelet the apiserver cannot reach as unreachable, naming the pod', async () => {
    const refused = 'error dialing backend: dial tcp 10.0.0.12:10250: connect: connection refused';
    const error = await failure(transport(stream(() => ({ stdout: '', stderr: '', status: { status: 'Failure', message: refused } }))).exec('n1', plain(['true'])));
    expect(error.failure).toBe('unreachable');
    expect(error.message).toContain(`pod:glusterfs-n1 c:glusterfs ns:glusterfs (from host:n1 selector:glusterfs-node): ${refused}`);
  });

  it('reports a stream that ended without a status after output as a lost connection', async () => {
    const error = await failure(transport(stream(() => ({ stdout: 'partial', stderr: '', status: undefined }))).exec('n1', plain(['mkfs.xfs'])));
    expect(error.failure).toBe('connection-lost');
  });

  it('turns exit code 124 of the timeout prefix into a timeout, but not without the prefix', async () => {
    const exec = stream(() => ({ stdout: '', stderr: '', status: exitStatus(124) }));
    expect((await failure(transport(exec).exec('n1', plain(['sleep', '999'])))).failure).toBe('timeout');
    expect((await transport(exec, { timeoutPrefix: false }).exec('n1', plain(['sleep', '999']))).exitCode).toBe(124);
  });

  it('gives up on a stream that outlives the timeout plus the grace, and closes it', async () => {
    const exec = stream(
      (call) =>
        new Promise<StreamOutcome>((resolve) =>
          call.signal.addEventListener('abort', () => resolve({ stdout: '', stderr: '', status: undefined })),
        ),
    );
    const error = await failure(transport(exec, { clientGraceMs: 20 }).exec('n1', plain(['sleep', '999'], 10)));
    expect(error.failure).toBe('timeout');
    expect(exec.calls[0]!.signal.aborted).toBe(true);
  });

  it("refuses a stream beyond max_connections with Heketi's text, and counts finished ones out", async () => {
    const release: Array<() => void> = [];
    const exec = stream(
      () => new Promise<StreamOutcome>((resolve) => release.push(() => resolve({ stdout: '', stderr: '', status: exitStatus(0) }))),
    );
    const t = transport(exec, { maxConnections: 2 });
    const running = [t.exec('n1', plain(['a'])), t.exec('n2', plain(['b']))];
    await new Promise((r) => setTimeout(r, 10));
    const error = await failure(t.exec('n1', plain(['c'])));
    expect(error.message).toContain('Too many kube exec connections active (2)');
    release.forEach((r) => r());
    await Promise.all(running);
    const after = t.exec('n1', plain(['d']));
    await new Promise((r) => setTimeout(r, 10));
    release[2]!();
    expect((await after).exitCode).toBe(0);
  });

  it('refuses an invalid host name before any API call', async () => {
    const exec = stream(() => ({ stdout: '', stderr: '', status: exitStatus(0) }));
    expect((await failure(transport(exec).exec('-n1', plain(['true'])))).message).toContain('invalid host name');
    expect(exec.calls).toEqual([]);
  });
});
