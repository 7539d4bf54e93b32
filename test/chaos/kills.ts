/**
 * Random SIGKILLs with operations in flight: the mock executor is slowed down so that every kill
 * lands in the middle of creates, deletes and expands; after each restart (recovery runs before
 * the server listens) the invariants must hold again.
 */
import { seededRng } from '../../src/domain/rng.js';
import { checkInvariants, type Tally } from './checks.js';
import { sleep, type ChaosServer } from './server.js';

export interface KillFigures {
  kills: number;
  inFlightAtKill: number;
  restartMs: number[];
}

export async function kills(server: ChaosServer, tally: Tally, rounds: number, seed: number): Promise<KillFigures> {
  const rng = seededRng(seed);
  const figures: KillFigures = { kills: 0, inFlightAtKill: 0, restartMs: [] };
  for (let round = 1; round <= rounds; round++) {
    const volumes = (JSON.parse((await server.request('GET', '/volumes')).text) as { volumes: string[] }).volumes;
    const started: Promise<unknown>[] = [];
    for (let i = 0; i < 6; i++) {
      const r = rng.next();
      const id = volumes[rng.int(volumes.length)];
      const request =
        r < 0.5 || id === undefined
          ? server.request('POST', '/volumes', JSON.stringify({ size: 1 + rng.int(20), durability: { type: 'replicate', replicate: { replica: 3 } } }))
          : r < 0.8
            ? server.request('DELETE', `/volumes/${id}`)
            : server.request('POST', `/volumes/${id}/expand`, JSON.stringify({ expand_size: 1 + rng.int(5) }));
      started.push(request.then((reply) => reply.status === 202 && figures.inFlightAtKill++).catch(() => undefined));
    }
    await sleep(50 + rng.int(400));
    await server.kill();
    figures.kills++;
    await Promise.all(started);
    figures.restartMs.push(await server.start());
    await checkInvariants(tally, `kill ${round}`, server);
  }
  return figures;
}
