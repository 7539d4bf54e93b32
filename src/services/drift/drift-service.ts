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
    private readonly markedMissing: () => ReadonlySet<string> = () => new Set(),
  ) {}

  async report(): Promise<DriftReport> {
    const examination = await this.examiner.examine();
    const after = readSnapshot(this.ctx.store);
    const input = new DriftInput(examination.snapshot, after, examination.observations, this.markedMissing());
    return classifyDrift(input, examination.elapsedMs);
  }
}
