/**
 * `state repair --apply`: examines, plans, and runs each repair as its own crash-safe operation
 * (build → exec → finalize, rollback on failure, recovered after a crash like any operation), one
 * after another; a repair that fails is reported and the rest still run. Then examines again.
 */
import { Errors } from '../../domain/errors.js';
import { runOperationInline } from '../../operations/evict-inline-runner.js';
import type { Operation } from '../../operations/operation.js';
import { AdoptVolumeOperation } from '../../operations/repair-adopt.js';
import { RepairOperation } from '../../operations/repair-drift.js';
import { VolumeDeleteOperation } from '../../operations/volume-delete.js';
import type { ServiceContext } from '../context.js';
import { adoptPayload } from './adopt-plan.js';
import type { DriftService } from './drift-service.js';
import type { DriftInput } from './input.js';
import { planRepairs, type RepairAction, type RepairFlags, type RepairResult } from './plan.js';

export class RepairService {
  private running = false;
  /** Results of recent repairs by id, for the job's 303 (a restart forgets them; the drift report does not). */
  private readonly results = new Map<string, RepairResult>();

  constructor(
    private readonly ctx: ServiceContext,
    private readonly drift: DriftService,
  ) {}

  /** Refuses a second repair while one runs (both would act on the same report). */
  begin(): () => void {
    if (this.running) throw Errors.conflict('A drift repair is already running');
    this.running = true;
    return () => (this.running = false);
  }

  result(id: string): RepairResult | undefined {
    return this.results.get(id);
  }

  /** Runs the repairs; returns the id its result is kept under. */
  async apply(flags: RepairFlags): Promise<string> {
    const { input, report } = await this.drift.analyse();
    const plan = planRepairs(report, flags);
    const errors: string[] = [];
    for (const repair of plan.repairs) {
      try {
        await this.run(repair.action, input);
        this.ctx.log.info({ repair: repair.action }, 'drift repaired');
      } catch (e) {
        errors.push(`${repair.action.type} (${repairSubject(repair.action)}): ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    const id = this.ctx.ids.next();
    this.results.set(id, { plan, errors, report: await this.drift.report() });
    while (this.results.size > 16) this.results.delete(this.results.keys().next().value!);
    return id;
  }

  private async run(action: RepairAction, input: DriftInput): Promise<void> {
    const { ctx } = this;
    if (action.type === 'mark-volume-missing') {
      ctx.store.tx(() => {
        if (!ctx.store.volumes.get(action.volumeId)) throw Errors.notFoundWith(`volume ${action.volumeId} is gone`);
        ctx.store.driftMarks.markMissing(action.volumeId, ctx.clock.nowSeconds());
      });
      return;
    }
    await runOperationInline(ctx.store, ctx.log, this.operation(action, input));
  }

  private operation(action: Exclude<RepairAction, { type: 'mark-volume-missing' }>, input: DriftInput): Operation {
    const { ctx } = this;
    const id = ctx.ids.next();
    switch (action.type) {
      case 'restore-bricks':
        return new RepairOperation(ctx, id, { type: 'restore-bricks', volumeId: action.volumeId, brickIds: action.brickIds });
      case 'start-volume':
        return new RepairOperation(ctx, id, { type: 'restore-bricks', volumeId: action.volumeId, brickIds: [] });
      case 'rebuild-brick':
        return new RepairOperation(ctx, id, { type: 'rebuild-brick', volumeId: action.volumeId, brickId: action.brickId });
      case 'remove-orphan-brick':
        return new RepairOperation(ctx, id, { type: 'remove-orphan-brick', nodeId: action.nodeId, vgId: action.vgId, brickId: action.brickId });
      case 'delete-foreign-volume':
        return new RepairOperation(ctx, id, { type: 'delete-foreign-volume', clusterId: action.clusterId, volumeName: action.volumeName });
      case 'delete-missing-volume':
        return new VolumeDeleteOperation(ctx, id, action.volumeId);
      case 'adopt-volume': {
        const payload = adoptPayload(input, action.clusterId, action.volumeName, () => ctx.ids.next());
        if (typeof payload === 'string') throw new Error(payload);
        return new AdoptVolumeOperation(ctx, id, payload);
      }
    }
  }
}

const repairSubject = (a: RepairAction): string =>
  'volumeName' in a ? a.volumeName : 'brickId' in a ? `brick ${a.brickId}` : '';
