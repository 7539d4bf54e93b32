/**
 * Starts heketi-ts the way a Deployment's container would run it, without a container runtime:
 * the container's command, args and env as the apiserver stored them (secretKeyRef values read
 * from the apiserver), its secret volumes written out, its other volumes as directories, and
 * the pod's service-account files and KUBERNETES_SERVICE_HOST/PORT. What cannot be the same on a
 * shared machine is said where it is done: the mount paths live under a directory of their own,
 * `node dist/main.js` is the same entry run from source, and the port is a free one.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { freePort, stopProcess } from '../../e2e/helpers/heketi-server.js';
import { join } from 'node:path';
import type { V1Container, V1Deployment, V1EnvVar, V1Volume } from '@kubernetes/client-node';
import { adminCoreApi, type Kubebed } from './kubebed.js';

export interface ContainerProcess {
  url: string;
  output(): string;
  /** The process's peak resident memory (VmHWM), for sizing the Deployment's requests. */
  peakRssKib(): number;
  /** CPU seconds the process has used (user + system), for sizing the Deployment's requests. */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

export interface ContainerOptions {
  extraEnv?: V1EnvVar[];
}

/** The env as the kubelet gives it: plain values, and secretKeyRef values read from the API. */
async function resolveEnv(bed: Kubebed, env: V1EnvVar[]): Promise<Record<string, string>> {
  const core = adminCoreApi(bed);
  const resolved: Record<string, string> = {};
  for (const variable of env) {
    const ref = variable.valueFrom?.secretKeyRef;
    if (ref) {
      const secret = await core.readNamespacedSecret({ name: ref.name ?? '', namespace: bed.namespace });
      resolved[variable.name] = Buffer.from(secret.data?.[ref.key] ?? '', 'base64').toString('utf8');
    } else {
      resolved[variable.name] = variable.value ?? '';
    }
  }
  return resolved;
}

/** Mount path → directory on this machine; secret volumes are filled from the apiserver. */
async function mountVolumes(bed: Kubebed, container: V1Container, volumes: V1Volume[], root: string): Promise<Map<string, string>> {
  const core = adminCoreApi(bed);
  const mounts = new Map<string, string>();
  for (const mount of container.volumeMounts ?? []) {
    const dir = join(root, mount.mountPath);
    mkdirSync(dir, { recursive: true });
    const secretName = volumes.find((v) => v.name === mount.name)?.secret?.secretName;
    if (secretName) {
      const secret = await core.readNamespacedSecret({ name: secretName, namespace: bed.namespace });
      for (const [key, value] of Object.entries(secret.data ?? {})) writeFileSync(join(dir, key), Buffer.from(value, 'base64'));
    }
    mounts.set(mount.mountPath, dir);
  }
  return mounts;
}

/** A path inside the container, as the file this process opens. */
const hostPath = (mounts: Map<string, string>, path: string): string => {
  for (const [mountPath, dir] of mounts) if (path === mountPath || path.startsWith(`${mountPath}/`)) return dir + path.slice(mountPath.length);
  return path;
};

export async function startAsContainer(bed: Kubebed, deployment: V1Deployment, root: string, options: ContainerOptions = {}): Promise<ContainerProcess> {
  const pod = deployment.spec?.template.spec;
  const container = pod?.containers[0];
  if (!pod || !container) throw new Error('the Deployment has no container');
  const mounts = await mountVolumes(bed, container, pod.volumes ?? [], root);
  const env = await resolveEnv(bed, [...(container.env ?? []), ...(options.extraEnv ?? [])]);
  // heketi-ts's own files live in the mounts; HEKETI_FSTAB is a path on the nodes and stays.
  if (env['HEKETI_DB_PATH']) env['HEKETI_DB_PATH'] = hostPath(mounts, env['HEKETI_DB_PATH']);
  const args = (container.args ?? []).map((arg) => arg.replace(/^(--config=)(.*)$/, (_m, flag: string, path: string) => flag + hostPath(mounts, path)));
  const command = container.command ?? [];
  if (command.join(' ') !== 'node dist/main.js') throw new Error(`unexpected container command ${command.join(' ')}`);
  // The pod's service account files: heketi-ts reads them under its in-cluster prefix setting.
  const configFile = args.find((a) => a.startsWith('--config='))?.slice('--config='.length) ?? '';
  const config = JSON.parse(readFileSync(configFile, 'utf8')) as { glusterfs: { kubeexec?: Record<string, unknown> } };
  config.glusterfs.kubeexec = { ...config.glusterfs.kubeexec, in_cluster_prefix: bed.inClusterPrefix };
  writeFileSync(configFile, JSON.stringify(config));
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
    env: {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      ...env,
      KUBERNETES_SERVICE_HOST: bed.serviceHost,
      KUBERNETES_SERVICE_PORT: bed.servicePort,
      HEKETI_HTTP_PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  await waitFor(child, () => output, `${url}${container.startupProbe?.httpGet?.path ?? '/healthz'}`);
  await waitFor(child, () => output, `${url}${container.readinessProbe?.httpGet?.path ?? '/readyz'}`);
  return {
    url,
    output: () => output,
    peakRssKib: () => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0),
    cpuSeconds: () => {
      // /proc/PID/stat fields 14 and 15 (utime, stime) in clock ticks (100 per second on Linux).
      const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      return (Number(fields[11]) + Number(fields[12])) / 100;
    },
    stop: () => stopProcess(child),
  };
}

/** Polls a probe path until it answers 200, as the kubelet would, for up to three minutes. */
async function waitFor(child: ChildProcess, output: () => string, url: string): Promise<void> {
  for (let i = 0; i < 1800; i++) {
    if (child.exitCode !== null) throw new Error(`heketi-ts exited with ${child.exitCode}:\n${output()}`);
    if (await fetch(url).then((r) => r.status === 200, () => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`${url} never answered 200:\n${output()}`);
}
