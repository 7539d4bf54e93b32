/** Ready once recovery of interrupted operations has finished; /readyz reports it. */
export class Readiness {
  private isReady = false;

  /** `writeProblem` tells why the database cannot be written now (null when it can). */
  constructor(private readonly writeProblem: () => string | null = () => null) {}

  ready(): boolean {
    return this.isReady;
  }

  /** null when ready; otherwise why not: recovery still running, or a database that refuses writes. */
  notReadyReason(): string | null {
    return this.isReady ? this.writeProblem() : 'recovering interrupted operations';
  }

  markReady(): void {
    this.isReady = true;
  }
}
