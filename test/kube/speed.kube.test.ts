import { describe, expect, it } from 'vitest';
import { type HeketiProcess, startHeketi } from '../e2e/helpers/heketi-server.js';
import { ensurePool, loadTestbed } from '../e2e/helpers/testbed.js';
import { nodesByName, startKubeHeketi, type TopologyNode } from './helpers/kube-suite.js';
import { loadKubebed } from './helpers/kubebed.js';
import { median, type RoundTimes, volumeRound } from './helpers/scenario.js';

// The same replica-3 create and delete through the kubernetes executor and through the ssh
// executor, on the same nodes, one after the other. Printed, not asserted (the goal is a kube/ssh
// ratio of at most 1.1); the machine's load makes single figures noisy, hence the medians.
const tb = loadTestbed();
const bed = loadKubebed();
const ROUNDS = 3;

const timed = async (start: () => Promise<HeketiProcess>, nodes: TopologyNode[]): Promise<RoundTimes> => {
  await ensurePool(tb);
  const heketi = await start();
  try {
    return await volumeRound(tb, heketi, nodes, ROUNDS);
  } finally {
    await heketi.stop();
  }
};

describe('speed: kubernetes executor against ssh executor on the same bed', () => {
  it(`times ${ROUNDS} replica-3 create + delete rounds through each`, async () => {
    const kube = await timed(() => startKubeHeketi(tb, bed), nodesByName(tb, bed));
    const ips = tb.nodes.map((ip) => ({ manage: ip, storage: ip }));
    const ssh = await timed(() => startHeketi(tb, { readyTimeoutMs: 90_000 }), ips);
    const line = (name: string, t: RoundTimes) =>
      `${name}: topology load ${t.load.toFixed(1)} s, create ${median(t.creates).toFixed(2)} s, delete ${median(t.deletes).toFixed(2)} s (medians of ${ROUNDS})`;
    const ratio = (median(kube.creates) + median(kube.deletes)) / (median(ssh.creates) + median(ssh.deletes));
    console.log(
      [
        'kube tier speed (replica 3, 1 GiB):',
        `  ${line('kubernetes', kube)}`,
        `  ${line('ssh       ', ssh)}`,
        `  kubernetes/ssh create+delete: ${ratio.toFixed(2)}x (goal <= 1.1x)`,
      ].join('\n'),
    );
    expect(kube.creates).toHaveLength(ROUNDS);
    expect(ssh.creates).toHaveLength(ROUNDS);
  });
});
