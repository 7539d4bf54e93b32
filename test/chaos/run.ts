/**
 * `npm run test:chaos`: the standing chaos tier (issue 11). The real server process on loopback
 * with a real SQLite file and the mock executor:
 *   1. the JWT attack list, then a seeded fuzz of every route in openapi/openapi.json;
 *   2. 64 clients filling a cluster for 30 s;
 *   3. random SIGKILLs with operations in flight, each followed by a restart.
 * After each: /db/check clean, mock state = db, exact space accounting, no pending operation.
 * Prints a table of figures and `N passed, M failed` last; exits non-zero on any failure.
 * Sizes: CHAOS_FUZZ_REQUESTS (10000), CHAOS_LOAD_SECONDS (30), CHAOS_KILLS (10), CHAOS_SEED (11).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkInvariants, Tally } from './checks.js';
import { fuzz } from './fuzz.js';
import { runJwtAttacks } from './jwt-attacks.js';
import { kills } from './kills.js';
import { load, seedCluster } from './load.js';
import { ChaosServer } from './server.js';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const FUZZ_REQUESTS = env('CHAOS_FUZZ_REQUESTS', 10_000);
const LOAD_SECONDS = env('CHAOS_LOAD_SECONDS', 30);
const KILLS = env('CHAOS_KILLS', 10);
const SEED = env('CHAOS_SEED', 11);
const CLIENTS = 64;

const secondsSince = (t: number) => ((Date.now() - t) / 1000).toFixed(1);

async function main(): Promise<number> {
  const tally = new Tally();
  const root = mkdtempSync(join(tmpdir(), 'heketi-ts-chaos-'));
  const servers: ChaosServer[] = [];
  const began = Date.now();
  try {
    // 1. attacks and fuzz, on a cluster with a few volumes so that ids resolve.
    const a = new ChaosServer(mkdtempSync(join(root, 'fuzz-')));
    servers.push(a);
    await a.start();
    await seedCluster(a, 4, 2);
    for (const size of [5, 10, 20]) await a.follow(await a.request('POST', '/volumes', JSON.stringify({ size, durability: { type: 'replicate', replicate: { replica: 3 } } })));
    let t = Date.now();
    const jwt = await runJwtAttacks(a, tally);
    tally.figure('jwt attacks sent / got through', `${jwt.length} / ${jwt.filter((r) => r.status < 400).length}`);
    t = Date.now();
    const f = await fuzz(a, tally, FUZZ_REQUESTS, SEED);
    tally.figure('fuzz requests (seed)', `${f.requests} (${SEED}) in ${secondsSince(t)} s`);
    tally.figure('fuzz answers by status', [...f.byStatus].sort(([x], [y]) => x - y).map(([s, n]) => `${s}:${n}`).join(' '));
    tally.figure("fuzz 500s that are Heketi's answers", `${f.heketi500} (${[...f.heketi500Kinds].map(([k, n]) => `${k}: ${n}`).join('; ')})`);
    tally.figure('fuzz unexpected 5xx', f.unexpected5xx.length);
    tally.figure('fuzz db changes from rejected requests', f.changedByRejected.length);
    tally.figure('fuzz jobs followed / failed in the queue', `${f.jobsFollowed} / ${f.queue500}`);
    f.queueFailures.forEach((text, i) => tally.figure(`  queue failure ${i + 1}`, text));
    await checkInvariants(tally, 'after fuzz', a);
    await a.stop();

    // 2. 64 clients filling a cluster.
    const b = new ChaosServer(mkdtempSync(join(root, 'load-')));
    servers.push(b);
    await b.start();
    await seedCluster(b, 4, 2);
    t = Date.now();
    const l = await load(b, tally, CLIENTS, LOAD_SECONDS, SEED);
    tally.figure('load clients × seconds', `${l.clients} × ${l.seconds} (took ${secondsSince(t)} s)`);
    tally.figure('load creates / deletes / expands', `${l.creates} / ${l.deletes} / ${l.expands}`);
    tally.figure('load No space answers / 429 retries', `${l.noSpace} / ${l.throttled}`);
    tally.figure('load unexpected 5xx (incl. failed jobs)', l.other5xx.length);
    tally.figure('load volumes at the end', l.volumesAtEnd);
    await checkInvariants(tally, 'after load', b);
    await b.stop();

    // 3. SIGKILLs on the filled cluster, the executor slowed so that kills land mid-operation.
    const c = new ChaosServer(b.dir, '*=delay:25');
    servers.push(c);
    await c.start();
    t = Date.now();
    const k = await kills(c, tally, KILLS, SEED);
    const restart = [...k.restartMs].sort((x, y) => x - y);
    tally.figure('kills (SIGKILL) and restarts', `${k.kills} in ${secondsSince(t)} s`);
    tally.figure('operations accepted in the kill rounds', k.inFlightAtKill);
    tally.figure('restart to ready, median / max ms', `${restart[Math.floor(restart.length / 2)]} / ${restart.at(-1)}`);
    await c.stop();

    const crashes = servers.reduce((n, s) => n + s.crashes, 0);
    tally.check('no server process died on its own (crash)', crashes === 0, servers.map((s) => s.stderr.slice(-1500)).join('\n'));
    tally.figure('crashes', crashes);
    tally.figure('total seconds', secondsSince(began));
  } catch (e) {
    tally.check('chaos tier ran to the end', false, (e as Error).stack ?? String(e));
  } finally {
    for (const s of servers) await s.kill();
    // Kept when something failed: the databases and mock states are the evidence.
    if (tally.failures.length === 0) rmSync(root, { recursive: true, force: true });
    else tally.figure('data kept in', root);
  }
  tally.print();
  return tally.failures.length === 0 ? 0 : 1;
}

process.exitCode = await main();
