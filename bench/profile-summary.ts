/**
 * Prints the heaviest functions of a `.cpuprofile` (from `npm run bench -- --cpu-prof=DIR`):
 * self time and total (inclusive) time, per function and file.
 *   npx tsx bench/profile-summary.ts FILE [TOP]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const label = (n: ProfileNode): string => {
  const url = n.callFrame.url.replace(/^file:\/\/.*?\/(node_modules|src|bench)\//, '$1/');
  return `${n.callFrame.functionName || '(anonymous)'} ${url}:${n.callFrame.lineNumber + 1}`;
};

export function summarize(profile: Profile): { self: Map<string, number>; total: Map<string, number>; totalUs: number } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let totalUs = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    totalUs += dt;
    const leaf = byId.get(id)!;
    self.set(label(leaf), (self.get(label(leaf)) ?? 0) + dt);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const l = label(byId.get(cur)!);
      if (seen.has(l)) continue;
      seen.add(l);
      total.set(l, (total.get(l) ?? 0) + dt);
    }
  });
  return { self, total, totalUs };
}

function print(title: string, m: Map<string, number>, totalUs: number, top: number): void {
  console.log(`\n${title}`);
  for (const [name, us] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${((100 * us) / totalUs).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(7)} ms  ${name}`);
  }
}

if (process.argv[1]?.endsWith('profile-summary.ts')) {
  const file = process.argv[2];
  if (!file) throw new Error('usage: profile-summary.ts FILE [TOP]');
  const top = Number(process.argv[3] ?? 30);
  const { self, total, totalUs } = summarize(JSON.parse(readFileSync(file, 'utf8')) as Profile);
  print('self time', self, totalUs, top);
  print('total time', total, totalUs, top);
}
