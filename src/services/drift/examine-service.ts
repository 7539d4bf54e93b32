import type { ServiceContext } from '../context.js';
import { readSnapshot, type Snapshot } from '../db-dump.js';
import { examineResponse, type GlusterStateExaminationResponse } from './examine-response.js';
import { observeNodes, type NodeObservation } from './gather.js';

/** One look at the cluster: the database as it was read, and what every node showed right after. */
export interface Examination {
  snapshot: Snapshot;
  observations: NodeObservation[];
  /** Milliseconds the node reads took (all nodes in parallel). */
  elapsedMs: number;
}

/** Examines the nodes against the database (Heketi's on-demand examiner, and the drift report's input). */
export class ExamineService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly opsInFlight: () => number,
  ) {}

  async examine(): Promise<Examination> {
    const snapshot = readSnapshot(this.ctx.store);
    const started = Date.now();
    const observations = await observeNodes(this.ctx.executor, snapshot);
    return { snapshot, observations, elapsedMs: Date.now() - started };
  }

  /** GET /internal/state/examine/gluster. */
  async examineGluster(): Promise<GlusterStateExaminationResponse> {
    const { snapshot, observations } = await this.examine();
    return examineResponse(snapshot, observations, this.opsInFlight());
  }
}
