import type { ServiceContext } from '../context.js';
import { readSnapshot } from '../db-dump.js';
import { classifyDrift } from './classify.js';
import type { ExamineService } from './examine-service.js';
import { DriftInput } from './input.js';
import type { DriftReport } from './types.js';

/** The drift report: an examination, the database read again, and the pure classification. */
export class DriftService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly examiner: ExamineService,
  ) {}

  async report(): Promise<DriftReport> {
    return (await this.analyse()).report;
  }

  /** The report with the input it was classified from (the repairs read the same observations). */
  async analyse(): Promise<{ input: DriftInput; report: DriftReport }> {
    const examination = await this.examiner.examine();
    const after = readSnapshot(this.ctx.store);
    const input = new DriftInput(examination.snapshot, after, examination.observations, this.ctx.store.driftMarks.missingVolumeIds());
    return { input, report: classifyDrift(input, examination.elapsedMs) };
  }
}
