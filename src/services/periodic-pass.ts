import type { Logger } from './context.js';

/**
 * A background pass run after a first delay and then again and again, one at a time: the next
 * wait starts when a pass ends, so a slow pass never overlaps the next. A failed pass is logged
 * and the schedule goes on. The timer does not keep the process alive; stop() waits for a pass
 * that is running, so a server closes its store only after it.
 */
export class PeriodicPass {
  // undefined: not started; null: stopped (a pass ending after stop() schedules nothing).
  private timer: NodeJS.Timeout | null | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly pass: () => Promise<unknown>,
    private readonly log: Logger,
    private readonly failureMessage: string,
  ) {}

  start(firstSeconds: number, everySeconds: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const run = () => {
      this.running = this.pass().then(
        () => undefined,
        (e: unknown) => this.log.error({ err: String(e) }, this.failureMessage),
      );
      void this.running.finally(() => schedule(everySeconds));
    };
    const schedule = (seconds: number) => {
      if (this.timer === null) return;
      this.timer = setTimeout(run, seconds * 1000);
      this.timer.unref();
    };
    schedule(firstSeconds);
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }
}
