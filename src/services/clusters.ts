import type { Cluster } from '../domain/entities.js';
import { AppError, Errors } from '../domain/errors.js';
import type { ServiceContext } from './context.js';

/** Cluster use cases: all synchronous, as in Heketi. */
export class ClusterService {
  constructor(private readonly ctx: ServiceContext) {}

  create(flags: { block: boolean; file: boolean }): Cluster {
    const cluster: Cluster = { id: this.ctx.ids.next(), block: flags.block, file: flags.file };
    this.ctx.store.tx(() => this.ctx.store.clusters.insert(cluster));
    return cluster;
  }

  get(id: string): Cluster {
    const c = this.ctx.store.clusters.get(id);
    if (!c) throw Errors.notFound();
    return c;
  }

  list(): string[] {
    return this.ctx.store.clusters.list().map((c) => c.id);
  }

  setFlags(id: string, flags: { block: boolean; file: boolean }): void {
    this.ctx.store.tx(() => {
      const c = this.get(id);
      this.ctx.store.clusters.update({ ...c, block: flags.block, file: flags.file });
    });
  }

  delete(id: string): void {
    const { store } = this.ctx;
    store.tx(() => {
      this.get(id);
      if (store.nodes.listByCluster(id).length > 0 || store.volumes.listByCluster(id).length > 0) {
        throw new AppError('CONFLICT', 409, `Unable to delete cluster [${id}] because it contains volumes and/or nodes`);
      }
      store.clusters.delete(id);
    });
  }
}
