import type { EntityState, Node, Tags } from '../domain/entities.js';
import { AppError, Errors } from '../domain/errors.js';
import type { ServiceContext } from './context.js';
import { applyTagChange, type TagChangeType } from './tags.js';

export interface NodeAddInput {
  zone: number;
  clusterId: string;
  manageHostnames: string[];
  storageHostnames: string[];
  tags: Tags;
}

export const hostnameInUse = (hostname: string, nodeId: string): AppError =>
  // Heketi's text carries its own newline before http.Error adds one.
  new AppError('CONFLICT', 409, `Hostname ${hostname} already used by node with id ${nodeId}\n`);

/** One line of an executor failure, for a response text or a log field. */
const causeOf = (e: unknown): string => (e instanceof Error ? e.message : String(e)).replace(/\s+/g, ' ').trim();

/**
 * Heketi's 400 text, then what the executor said: Heketi only logged the cause, which left the
 * person running `heketi-cli node add` guessing between ssh, sudo and glusterd.
 */
const withCause = (heketiText: string, causes: string[]): AppError =>
  causes.length === 0 ? Errors.badRequest(heketiText) : Errors.badRequest(`${heketiText}: ${causes.join('; ')}`).withHeketiText(heketiText);

/** Node use cases. Async parts return a function for the queue job to run. */
export class NodeService {
  constructor(private readonly ctx: ServiceContext) {}

  get(id: string): Node {
    const n = this.ctx.store.nodes.get(id);
    if (!n) throw Errors.notFound();
    return n;
  }

  /**
   * The synchronous checks of POST /nodes (404 cluster, 409 hostname, 400 glusterd), then the
   * background work: peer probe from a node already in the pool, then save the node online.
   */
  async prepareAdd(input: NodeAddInput): Promise<() => Promise<string>> {
    const { store, executor } = this.ctx;
    if (!store.clusters.get(input.clusterId)) throw Errors.notFoundWith('Cluster id does not exist');
    this.checkHostnamesFree(input);
    const { peer, failures } = await this.probePeers(input.clusterId);
    if (peer === null && store.nodes.listByCluster(input.clusterId).length > 0) {
      throw withCause('None of the nodes in cluster has glusterd running', failures);
    }
    if (peer === null) {
      const host = input.manageHostnames[0]!;
      try {
        await executor.glusterdCheck(host);
      } catch (e) {
        this.ctx.log.warn({ host, err: causeOf(e) }, 'node add: glusterd check of the new node failed');
        throw withCause("New Node doesn't have glusterd running", [causeOf(e)]);
      }
    }
    return async () => {
      if (peer !== null) await executor.peerProbe(peer, input.storageHostnames[0]!);
      const node: Node = { id: this.ctx.ids.next(), state: 'online', ...input };
      store.tx(() => {
        this.checkHostnamesFree(input);
        store.nodes.insert(node);
      });
      return `/nodes/${node.id}`;
    };
  }

  /** 409 when the node still has devices; the background part detaches it and removes it. */
  prepareDelete(id: string): () => Promise<null> {
    const node = this.get(id);
    if (this.ctx.store.devices.listByNode(id).length > 0) {
      throw new AppError('CONFLICT', 409, `Unable to delete node [${id}] because it contains devices`);
    }
    return async () => {
      const peer = await this.verifiedPeer(node.clusterId, id);
      if (peer !== null) {
        // Heketi ignores detach errors: the node may already be gone.
        await this.ctx.executor.peerDetach(peer, node.storageHostnames[0]!).catch((e: unknown) =>
          this.ctx.log.warn({ node: id, err: String(e) }, 'peer detach failed; removing the node anyway'),
        );
      }
      this.ctx.store.tx(() => {
        if (this.ctx.store.devices.listByNode(id).length > 0) {
          throw new AppError('CONFLICT', 409, `Unable to delete node [${id}] because it contains devices`);
        }
        this.ctx.store.nodes.delete(id);
      });
      return null;
    };
  }

  /** Plain state changes (online/offline); `failed` goes through the device removal service. */
  setSimpleState(id: string, state: EntityState): void {
    this.ctx.store.tx(() => {
      const node = this.get(id);
      if (node.state === state) return;
      if (node.state === 'failed') throw Errors.internal(`Cannot move a failed/removed node to ${state} state`);
      this.ctx.store.nodes.update({ ...node, state });
    });
  }

  setTags(id: string, change: TagChangeType, tags: Tags): Tags {
    return this.ctx.store.tx(() => {
      const node = this.get(id);
      const next = applyTagChange(node.tags, change, tags);
      this.ctx.store.nodes.update({ ...node, tags: next });
      return next;
    });
  }

  /**
   * The manage hostname of an online node of the cluster whose glusterd answers (Heketi's
   * GetVerifiedManageHostname), skipping `exceptNodeId`; null when there is none.
   */
  async verifiedPeer(clusterId: string, exceptNodeId?: string): Promise<string | null> {
    return (await this.probePeers(clusterId, exceptNodeId)).peer;
  }

  /** The first online node of the cluster whose glusterd answers, and why the others did not. */
  private async probePeers(clusterId: string, exceptNodeId?: string): Promise<{ peer: string | null; failures: string[] }> {
    const failures: string[] = [];
    for (const n of this.ctx.store.nodes.listByCluster(clusterId)) {
      if (n.id === exceptNodeId || n.state !== 'online') continue;
      const host = n.manageHostnames[0]!;
      try {
        await this.ctx.executor.glusterdCheck(host);
        return { peer: host, failures };
      } catch (e) {
        failures.push(causeOf(e));
        this.ctx.log.warn({ host, err: causeOf(e) }, 'glusterd check failed');
      }
    }
    return { peer: null, failures };
  }

  private checkHostnamesFree(input: NodeAddInput): void {
    const { nodes } = this.ctx.store;
    for (const [kind, names] of [
      ['manage', input.manageHostnames],
      ['storage', input.storageHostnames],
    ] as const) {
      for (const h of names) {
        const owner = nodes.hostnameOwnerOf(kind, h);
        if (owner) throw hostnameInUse(h, owner);
      }
    }
  }
}
