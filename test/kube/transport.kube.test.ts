import { afterAll, describe, expect, it } from 'vitest';
import { plain } from '../../src/executor/commands/command.js';
import { KubeTransport } from '../../src/executor/transport/kube-transport.js';
import { RemoteCommandError } from '../../src/executor/transport/transport.js';
import { kubeConnection, resolveNamespace } from '../../src/kube/connection.js';
import { kubeExecStream } from '../../src/kube/exec-stream.js';
import { kubePodApi } from '../../src/kube/pod-api.js';
import { loadTestbed, newId, onNode } from '../e2e/helpers/testbed.js';
import { loadKubebed } from './helpers/kubebed.js';

// The kubernetes transport on its own, against the real apiserver and kwoks: what reaches the node,
// what comes back, and how it fails.
const tb = loadTestbed();
const bed = loadKubebed();
const [kube1 = '', kube2 = ''] = bed.nodeNames;

const transport = async (maxConnections = 64): Promise<KubeTransport> => {
  const connection = await kubeConnection({
    kubeconfig: '',
    inClusterPrefix: bed.inClusterPrefix,
    serviceHost: bed.serviceHost,
    servicePort: bed.servicePort,
  });
  return new KubeTransport({
    namespace: resolveNamespace('', connection, bed.inClusterPrefix),
    mode: 'daemonset',
    maxConnections,
    timeoutPrefix: true,
    pods: kubePodApi(connection.access),
    exec: kubeExecStream(connection.access),
  });
};

const shared = await transport();
afterAll(() => shared.close());

const failure = async (promise: Promise<unknown>): Promise<RemoteCommandError> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RemoteCommandError);
  return error as RemoteCommandError;
};

describe('the kubernetes transport through the apiserver', () => {
  it('runs on the node it names, with stdout, stderr and the exit code apart', async () => {
    const result = await shared.exec(kube2, plain(['sh', '-c', 'hostname; echo oops >&2; exit 3']));
    expect(result).toEqual({ stdout: `${kube2}\n`, stderr: 'oops\n', exitCode: 3 });
    expect((await shared.exec(kube1, plain(['hostname']))).stdout).toBe(`${kube1}\n`);
  });

  it('passes every argument as it is: no shell reads it', async () => {
    const marker = `/tmp/pwned-${newId()}`;
    const payloads = [`;touch ${marker}`, `$(touch ${marker})`, `\`touch ${marker}\``, `'"; touch ${marker}`, `\ntouch ${marker}`];
    const result = await shared.exec(kube1, plain(['printf', '%s\\0', ...payloads]));
    expect(result.stdout.split('\0').slice(0, -1)).toEqual(payloads);
    expect((await onNode(tb, tb.nodes[0] ?? '', `test -e ${marker} && echo yes || echo no`)).trim()).toBe('no');
  });

  it("stops a command at Heketi's `timeout <N>m` and reports a timeout naming node, pod and command", async () => {
    const error = await failure(shared.exec(kube1, plain(['sleep', '100'], 60_000)));
    expect(error.failure).toBe('timeout');
    expect(error.message).toBe(
      `host ${kube1}: command "sleep 100" timed out (timeout 1m in pod:glusterfs-${kube1} c:glusterfs ns:${bed.namespace} (from host:${kube1} selector:glusterfs-node)) and was killed`,
    );
  }, 180_000);

  it('refuses the stream beyond max_connections while the others run', async () => {
    const limited = await transport(2);
    try {
      const running = [limited.exec(kube1, plain(['sleep', '3'])), limited.exec(kube2, plain(['sleep', '3']))];
      await new Promise((r) => setTimeout(r, 200));
      const error = await failure(limited.exec(kube1, plain(['true'])));
      expect(error.message).toContain('Too many kube exec connections active (2)');
      expect((await Promise.all(running)).map((r) => r.exitCode)).toEqual([0, 0]);
      expect((await limited.exec(kube1, plain(['true']))).exitCode).toBe(0);
    } finally {
      await limited.close();
    }
  });

  it("names a host without a pod with Heketi's text", async () => {
    const error = await failure(shared.exec('kst-n99', plain(['true'])));
    expect(error.message).toBe('host kst-n99: command "true" could not be run: Unable to find a GlusterFS pod on host kst-n99 with a label key glusterfs-node');
  });
});
