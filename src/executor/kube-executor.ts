import type { KubeExecConfig } from '../config/types.js';
import { kubeConnection, resolveNamespace } from '../kube/connection.js';
import { kubeExecStream } from '../kube/exec-stream.js';
import { kubePodApi } from '../kube/pod-api.js';
import { podLookupMode } from '../kube/pod-target.js';
import { createCommandExecutor, type CommandExecutorOptions } from './command-executor.js';
import type { Executor } from './executor.js';
import { KubeTransport } from './transport/kube-transport.js';
import { type DebugLogger, LoggingTransport } from './transport/logging-transport.js';

/**
 * The kubernetes executor (Heketi's kubeexec): the command executor over the kubernetes transport.
 * Connecting is checked at start-up, as Heketi did: no in-cluster credentials or kubeconfig, or no
 * namespace, and the server does not start.
 */
export const createKubeExecutor = async (
  config: KubeExecConfig,
  options: CommandExecutorOptions & { info?: (message: string) => void; commandLog?: DebugLogger } = {},
): Promise<Executor> => {
  const connection = await kubeConnection(config.connection);
  const namespace = resolveNamespace(config.namespace, connection, config.connection.inClusterPrefix);
  const mode = podLookupMode(config);
  options.info?.(`kubernetes executor: ${connection.source}, namespace ${namespace}, pods by ${mode}`);
  const transport = new KubeTransport({
    namespace,
    mode,
    maxConnections: config.maxConnections,
    timeoutPrefix: !config.disableTimeoutPrefix,
    pods: kubePodApi(connection.access),
    exec: kubeExecStream(connection.access),
  });
  // Command lines at debug level, as the ssh executor logs them (LoggingTransport).
  return createCommandExecutor(config, options.commandLog ? new LoggingTransport(transport, options.commandLog) : transport, options);
};
