/** Ready once recovery of interrupted operations has finished; /readyz reports it. */
export class Readiness {
  private isReady = false;

  ready(): boolean {
    return this.isReady;
  }

  markReady(): void {
    this.isReady = true;
  }
}
