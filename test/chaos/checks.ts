/**
 * What must hold after every chaos phase, and the tally the tier prints: each check is one
 * "test" (passed or failed with its reason), each figure one row of the table.
 */
import { consistencyProblems } from '../helpers/crash-db.js';
import { sleep, type ChaosServer } from './server.js';

export class Tally {
  readonly failures: string[] = [];
  passed = 0;
  readonly figures: [string, string | number][] = [];

  check(name: string, ok: boolean, detail = ''): void {
    if (ok) this.passed++;
    else this.failures.push(`${name}${detail ? `: ${detail}` : ''}`);
    process.stdout.write(`${ok ? 'ok  ' : 'FAIL'} ${name}${!ok && detail ? ` — ${detail.slice(0, 2000)}` : ''}\n`);
  }

  figure(name: string, value: string | number): void {
    this.figures.push([name, value]);
  }

  print(): void {
    const width = Math.max(...this.figures.map(([n]) => n.length));
    process.stdout.write('\n=== chaos figures\n');
    for (const [name, value] of this.figures) process.stdout.write(`${name.padEnd(width)}  ${value}\n`);
    if (this.failures.length > 0) {
      process.stdout.write('\n=== failures\n');
      for (const f of this.failures) process.stdout.write(`${f.slice(0, 2000)}\n`);
    }
    process.stdout.write(`\n${this.passed} passed, ${this.failures.length} failed\n`);
  }
}

/** Waits until no operation or job is in flight (the queue drained). */
export async function quiesce(server: ChaosServer, timeoutMs = 60_000): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const r = await server.request('GET', '/operations');
    if (r.status === 200 && (JSON.parse(r.text) as { in_flight: number }).in_flight === 0) return true;
    await sleep(50);
  }
  return false;
}

/** /db/check clean, mock state = db, exact space accounting, no pending operation. */
export async function checkInvariants(tally: Tally, phase: string, server: ChaosServer): Promise<void> {
  tally.check(`${phase}: queue drained`, await quiesce(server));
  const check = await server.request('GET', '/db/check');
  const report = check.status === 200 ? (JSON.parse(check.text) as { totalinconsistencies: number }) : null;
  tally.check(`${phase}: /db/check clean`, report?.totalinconsistencies === 0, check.text.slice(0, 1500));
  const problems = consistencyProblems(server.dbFile, server.mockStateFile);
  tally.check(`${phase}: mock state = db, space accounting exact, no pending operation`, problems.length === 0, problems.join('; '));
}
