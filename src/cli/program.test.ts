import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkAuth } from '../api/auth/check-auth.js';
import { startScriptedServer, TEST_ADMIN_KEY, type ScriptHandler, type ScriptedReply, type ScriptedServer } from '../client/scripted-server.js';
import { runCli } from './program.js';

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function run(args: string[], handler: ScriptHandler = () => ({ status: 404, body: 'Invalid path or request\n' })) {
  server ??= await startScriptedServer(handler);
  let stdout = '';
  let stderr = '';
  const io = {
    stdout: (t: string) => void (stdout += t),
    stderr: (t: string) => void (stderr += t),
    env: { HEKETI_CLI_SERVER: server.url, HEKETI_CLI_USER: 'admin', HEKETI_CLI_KEY: TEST_ADMIN_KEY },
    sleep: async () => undefined,
  };
  const code = await runCli(['node', 'heketi-ts', ...args], io);
  return { code, stdout, stderr, requests: server.requests };
}

const ID = (c: string) => c.repeat(32);
const CLUSTER = { id: ID('c'), nodes: [ID('1')], volumes: [], block: true, file: true, blockvolumes: [] };
const DEVICE = { name: '/dev/sdb', storage: { total: 524288000, free: 513802240, used: 10485760 }, id: ID('d'), state: 'online', bricks: [{ id: ID('b'), path: '/p', device: ID('d'), node: ID('1'), volume: ID('v'), size: 10485760 }] };
const NODE = { zone: 1, hostnames: { manage: ['h1'], storage: ['10.0.0.1'] }, cluster: ID('c'), tags: { rack: 'r1' }, id: ID('1'), state: 'failed', devices: [DEVICE] };
const VOLUME = {
  size: 10, name: 'vol_x', durability: { type: 'replicate', replicate: { replica: 3 }, disperse: {} }, snapshot: { enable: true, factor: 1.5 },
  id: ID('v'), cluster: ID('c'), mount: { glusterfs: { hosts: ['a', 'b', 'c'], device: 'a:vol_x', options: { 'backup-volfile-servers': 'b,c' } } },
  blockinfo: {}, bricks: [DEVICE.bricks[0], DEVICE.bricks[0], DEVICE.bricks[0]],
};

describe('heketi-cli compatible commands', () => {
  it('cluster create prints the id, or compact JSON without a newline', async () => {
    const reply = (): ScriptedReply => ({ status: 201, body: CLUSTER });
    const text = await run(['cluster', 'create'], reply);
    expect([text.code, text.stdout]).toEqual([0, `Cluster id: ${ID('c')}\n`]);
    expect(JSON.parse(text.requests[0]!.body)).toEqual({ file: true, block: true });
    const json = await run(['cluster', 'create', '--block=false', '--json']);
    expect(json.stdout).toBe(JSON.stringify(CLUSTER));
    expect(JSON.parse(json.requests[1]!.body)).toEqual({ file: true, block: false });
  });

  it('prints server errors as Error: <text> and exits 255', async () => {
    const result = await run(['cluster', 'info', ID('a')], () => ({ status: 404, body: 'Id not found\n' }));
    expect(result).toMatchObject({ code: 255, stdout: '', stderr: 'Error: Id not found\n' });
  });

  it('reports a missing argument before calling the server', async () => {
    const result = await run(['node', 'info']);
    expect([result.code, result.stderr, result.requests.length]).toEqual([255, 'Error: Node id missing\n', 0]);
  });

  it('lists clusters with their usage flags', async () => {
    const result = await run(['cluster', 'list'], (r) => (r.path === '/clusters' ? { status: 200, body: { clusters: [ID('c')] } } : { status: 200, body: { ...CLUSTER, block: false } }));
    expect(result.stdout).toBe(`Clusters:\nId:${ID('c')} [file]\n`);
  });

  it('formats node info like heketi-cli (state failed shown as removed, GiB columns)', async () => {
    const result = await run(['node', 'info', ID('1')], () => ({ status: 200, body: NODE }));
    expect(result.stdout).toBe(
      `Node Id: ${ID('1')}\nState: removed\nCluster Id: ${ID('c')}\nZone: 1\nManagement Hostname: h1\nStorage Hostname: 10.0.0.1\n` +
        'Tags:\n  rack: r1\nDevices:\n' +
        `Id:${ID('d')}   Name:/dev/sdb            State:online    Size (GiB):500     Used (GiB):10      Free (GiB):490     Bricks:1       \n`,
    );
  });

  it('formats device info', async () => {
    const result = await run(['device', 'info', ID('d')], () => ({ status: 200, body: DEVICE }));
    expect(result.stdout).toBe(
      `Device Id: ${ID('d')}\nState: online\nSize (GiB): 500\nUsed (GiB): 10\nFree (GiB): 490\nCreate Path: /dev/sdb\n` +
        `Physical Volume UUID: \nKnown Paths: \nBricks:\nId:${ID('b')}   Size (GiB):10      Path: /p\n`,
    );
  });

  it('sends heketi-cli volume create defaults and prints the volume template', async () => {
    const result = await run(['volume', 'create', '--size=10', '--snapshot-factor=1.5'], (r) =>
      r.method === 'POST' ? { status: 202, headers: { Location: `/queue/${ID('q')}` } } : r.path.startsWith('/queue') ? { status: 303, headers: { Location: `/volumes/${ID('v')}` } } : { status: 200, body: VOLUME },
    );
    expect(JSON.parse(result.requests[0]!.body)).toEqual({
      size: 10, name: '', durability: { type: 'replicate', replicate: { replica: 3 }, disperse: { data: 4, redundancy: 2 } }, snapshot: { enable: true, factor: 1.5 },
    });
    expect(result.stdout).toBe(
      `Name: vol_x\nSize: 10\nVolume Id: ${ID('v')}\nCluster Id: ${ID('c')}\nMount: a:vol_x\nMount Options: backup-volfile-servers=b,c\n` +
        'Block: false\nFree Size: 0\nReserved Size: 0\nBlock Hosting Restriction: (none)\nBlock Volumes: []\nDurability Type: replicate\n' +
        'Distribute Count: 1\nReplica Count: 3\nSnapshot Factor: 1.50\n\n',
    );
  });

  it('device delete sends forceforget and prints the confirmation', async () => {
    const result = await run(['device', 'delete', ID('d'), '--force-forget'], (r) => (r.path.startsWith('/queue') ? { status: 204 } : { status: 202, headers: { Location: `/queue/${ID('q')}` } }));
    expect(JSON.parse(result.requests[0]!.body)).toEqual({ forceforget: true });
    expect(result.stdout).toBe(`Device ${ID('d')} deleted\n`);
  });

  it('node settags and rmtags build heketi-cli tag requests', async () => {
    await run(['node', 'settags', ID('1'), 'a:1', 'b:x:y', '-e'], () => ({ status: 200, body: {} }));
    await run(['node', 'rmtags', ID('1'), '--all']);
    await run(['device', 'deltags', ID('d'), 'a']);
    expect(server!.requests.map((r) => JSON.parse(r.body))).toEqual([
      { tags: { a: '1', b: 'x:y' }, change_type: 'set' },
      { tags: {}, change_type: 'set' },
      { tags: { a: '' }, change_type: 'delete' },
    ]);
  });

  it('prints operations and modes', async () => {
    const result = await run(['server', 'operations', 'info'], (r) =>
      r.path === '/admin' ? { status: 200, body: { state: 'read-only' } } : { status: 200, body: { total: 3, in_flight: 1, stale: 0, failed: 1, new: 1 } },
    );
    expect(result.stdout).toBe('Operation Counts:\n  Total: 3\n  In-Flight: 1\n  New: 1\n  Failed: 1\n  Stale: 0\n');
    expect((await run(['server', 'mode', 'get'])).stdout).toBe('read-only\n');
  });

  it('lets --server beat HEKETI_CLI_SERVER', async () => {
    const result = await run(['--server', 'http://127.0.0.1:9', 'cluster', 'list']);
    expect(result.code).toBe(255);
    expect(result.stderr).toMatch(/^Error: Get "http:\/\/127\.0\.0\.1:9\/clusters": /);
    expect(result.requests).toHaveLength(0);
  });
});

describe('token and --version', () => {
  it('prints a token the server accepts', async () => {
    const result = await run(['token', '--user', 'admin', '--key', TEST_ADMIN_KEY, '--method', 'post', '--path', '/volumes?x=1']);
    const check = checkAuth({ authorization: `bearer ${result.stdout.trim()}`, method: 'POST', path: '/volumes', adminKey: TEST_ADMIN_KEY, userKey: 'u', nowSeconds: Math.floor(Date.now() / 1000), iatLeewaySeconds: 120 });
    expect(check).toEqual({ ok: true, issuer: 'admin' });
  });

  it('prints the version', async () => {
    expect((await run(['--version'])).stdout).toMatch(/^heketi-ts \d+\.\d+\.\d+\n$/);
  });
});

/** A stateful fake holding clusters, nodes and devices, enough for topology load. */
function topologyServer(): ScriptHandler {
  const clusters = new Map<string, { id: string; nodes: string[]; volumes: string[]; block: boolean; file: boolean; blockvolumes: string[] }>();
  const nodes = new Map<string, typeof NODE>();
  let counter = 0;
  const nextId = () => (++counter).toString(16).padStart(32, '0');
  return (r) => {
    if (r.method === 'GET' && r.path === '/clusters') return { status: 200, body: { clusters: [...clusters.keys()] } };
    if (r.method === 'POST' && r.path === '/clusters') {
      const id = nextId();
      clusters.set(id, { id, nodes: [], volumes: [], blockvolumes: [], ...JSON.parse(r.body) });
      return { status: 201, body: clusters.get(id) };
    }
    if (r.method === 'GET' && r.path.startsWith('/clusters/')) return { status: 200, body: clusters.get(r.path.slice(10)) };
    if (r.method === 'DELETE' && r.path.startsWith('/clusters/')) return clusters.delete(r.path.slice(10)), { status: 200 };
    if (r.method === 'POST' && r.path === '/nodes') {
      const body = JSON.parse(r.body);
      if (body.hostnames.manage[0] === 'bad') return { status: 400, body: 'New Node doesn\'t have glusterd running\n' };
      const id = nextId();
      nodes.set(id, { ...NODE, ...body, id, state: 'online', devices: [] });
      clusters.get(body.cluster)!.nodes.push(id);
      return { status: 202, headers: { Location: `/queue/${id}` } };
    }
    if (r.path.startsWith('/queue/')) return { status: 303, headers: { Location: `/nodes/${r.path.slice(7)}` } };
    if (r.method === 'GET' && r.path.startsWith('/nodes/')) return { status: 200, body: nodes.get(r.path.slice(7)) };
    if (r.method === 'POST' && r.path === '/devices') {
      const body = JSON.parse(r.body);
      nodes.get(body.node)!.devices.push({ ...DEVICE, id: nextId(), name: body.name, bricks: [] });
      return { status: 201 };
    }
    return { status: 404, body: 'Invalid path or request\n' };
  };
}

describe('topology load', () => {
  const dir = mkdtempSync(join(tmpdir(), 'heketi-ts-cli-'));
  const file = (json: unknown) => {
    const path = join(dir, `t${Math.random()}.json`);
    writeFileSync(path, JSON.stringify(json));
    return path;
  };
  const node = (host: string) => ({ node: { zone: 1, hostnames: { manage: [host], storage: [host] } }, devices: ['/dev/sdb', { name: '/dev/sdc' }] });

  it('creates what is missing, and loading the same file again changes nothing', async () => {
    const topology = file({ clusters: [{ nodes: [node('h1'), node('h2')] }] });
    const first = await run(['topology', 'load', `--json=${topology}`], topologyServer());
    expect(first.code).toBe(0);
    expect(first.stdout).toBe(
      `Creating cluster ... ID: ${'1'.padStart(32, '0')}\n\tAllowing file volumes on cluster.\n\tAllowing block volumes on cluster.\n` +
        `\tCreating node h1 ... ID: ${'2'.padStart(32, '0')}\n\t\tAdding device /dev/sdb ... OK\n\t\tAdding device /dev/sdc ... OK\n` +
        `\tCreating node h2 ... ID: ${'5'.padStart(32, '0')}\n\t\tAdding device /dev/sdb ... OK\n\t\tAdding device /dev/sdc ... OK\n`,
    );
    const mutations = server!.requests.filter((r) => r.method !== 'GET').length;
    const second = await run(['topology', 'load', '--json', topology]);
    expect(second.stdout).toBe(
      `\tFound node h1 on cluster ${'1'.padStart(32, '0')}\n\t\tFound device /dev/sdb\n\t\tFound device /dev/sdc\n` +
        `\tFound node h2 on cluster ${'1'.padStart(32, '0')}\n\t\tFound device /dev/sdb\n\t\tFound device /dev/sdc\n`,
    );
    expect(server!.requests.filter((r) => r.method !== 'GET').length).toBe(mutations);
  });

  it('skips the devices of a node that cannot be added and removes a cluster left empty', async () => {
    const result = await run(['topology', 'load', '-j', file({ clusters: [{ file: false, nodes: [node('bad')] }] })], topologyServer());
    expect(result.stdout).toBe(
      `Creating cluster ... ID: ${'1'.padStart(32, '0')}\n\tAllowing block volumes on cluster.\n` +
        "\tCreating node bad ... Unable to create node: New Node doesn't have glusterd running\n",
    );
    expect(server!.requests.at(-1)).toMatchObject({ method: 'DELETE', path: `/clusters/${'1'.padStart(32, '0')}` });
  });

  it('validates the whole file first and applies nothing when it is bad', async () => {
    const result = await run(['topology', 'load', `--json=${file({ clusters: [{ nodes: [node('h1'), { ...node('h2'), devices: ['sdb'] }] }] })}`], topologyServer());
    expect(result.code).toBe(255);
    expect(result.stderr).toContain('clusters[0].nodes[1].devices[0].name: malformed device name "sdb"');
    expect(result.requests).toHaveLength(0);
  });
});

describe('topology info', () => {
  it('renders heketi-cli\'s default template', async () => {
    const handler: ScriptHandler = (r) => {
      if (r.path === '/clusters') return { status: 200, body: { clusters: [ID('c')] } };
      if (r.path.startsWith('/clusters/')) return { status: 200, body: { ...CLUSTER, volumes: [ID('v')] } };
      if (r.path.startsWith('/volumes/')) return { status: 200, body: { ...VOLUME, bricks: [VOLUME.bricks[0]] } };
      return { status: 200, body: { ...NODE, tags: {} } };
    };
    const result = await run(['topology', 'info'], handler);
    expect(result.stdout).toBe(
      `\nCluster Id: ${ID('c')}\n    File:  true\n    Block: true\n    Volumes:\n` +
        `\n\tName: vol_x\n\tSize: 10\n\tId: ${ID('v')}\n\tCluster Id: ${ID('c')}\n\tMount: a:vol_x\n\tMount Options: backup-volfile-servers=b,c\n` +
        `\tDurability Type: replicate\n\tReplica: 3\n\tSnapshot: Enabled\n\tSnapshot Factor: 1.50\n\n\t\tBricks:\n` +
        `\t\t\tId: ${ID('b')}\n\t\t\tPath: /p\n\t\t\tSize (GiB): 10\n\t\t\tNode: ${ID('1')}\n\t\t\tDevice: ${ID('d')}\n\n` +
        `\n    Nodes:\n\n\tNode Id: ${ID('1')}\n\tState: removed\n\tCluster Id: ${ID('c')}\n\tZone: 1\n\tManagement Hostnames: h1\n\tStorage Hostnames: 10.0.0.1\n` +
        `\tDevices:\n\t\tId:${ID('d')}   State:online    Size (GiB):500     Used (GiB):10      Free (GiB):490     \n` +
        `\t\t\tKnown Paths: /dev/sdb\n\n\t\t\tBricks:\n\t\t\t\tId:${ID('b')}   Size (GiB):10      Path: /p\n\n`,
    );
  });
});
