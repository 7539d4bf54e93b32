import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbSnapshot } from '../helpers/db-snapshot.js';
import { TestServer } from '../helpers/server.js';
import { seedTopology, type SeededTopology } from '../helpers/topology.js';

/**
 * Values that the gluster CLI, lvm, mkfs.xfs or mount would read as their own options: every one is
 * refused with 400 and Heketi's message style before anything is stored (finding 1 of issue 11).
 */
const FORMAT = 'validation failed: name: must be in a valid format.\n';
const optionText = (option: string, why: string): string =>
  `validation failed: invalid gluster volume option: ${JSON.stringify(option)}: ${why}\n`;
const DASH = 'the value starts with "-" (gluster would read it as a command-line option)';
const KEY = 'the key is not a gluster option key (words of letters, digits and _ joined by . or -)';

describe('argument injection through the API', () => {
  let s: TestServer;
  let topology: SeededTopology;
  beforeAll(async () => {
    s = await TestServer.start();
    topology = await seedTopology(s, 3, 1);
  });
  afterAll(async () => s.dispose());

  const refuses = async (method: string, path: string, body: unknown, text: string, issuer: 'admin' | 'user' = 'admin') => {
    const before = dbSnapshot(s.config.glusterfs.db);
    const headers = { authorization: `bearer ${s.token(method, path, issuer)}` };
    const r = await s.request(method, path, body, headers);
    expect({ status: r.status, text: r.text }).toEqual({ status: 400, text });
    expect(dbSnapshot(s.config.glusterfs.db)).toBe(before);
  };

  it.each(['--xml', '--remote-host=10.9.9.9', '--log-file=/etc/cron.d/pwn', '-x'])(
    'refuses the volume name %s, also from a user token',
    async (name) => {
      await refuses('POST', '/volumes', { size: 1, name }, FORMAT, 'user');
      await refuses('POST', '/blockvolumes', { size: 1, name }, FORMAT);
    },
  );

  it.each([
    ['user.x --log-file=/etc/cron.d/pwn', DASH],
    ['user.x --remote-host=10.9.9.9', DASH],
    ['user.x --glusterd-sock=/tmp/evil.socket', DASH],
    ['user.x -1', DASH],
    ['--xml on', KEY],
    ['-user.x on', KEY],
    ['user..x on', KEY],
    ['user.x. on', KEY],
    ['group ../../../../etc/passwd', 'a group is the plain name of a file in /var/lib/glusterd/groups'],
  ])('refuses the gluster option %j', async (option, why) => {
    await refuses('POST', '/volumes', { size: 1, glustervolumeoptions: [option] }, optionText(option, why), 'user');
  });

  it('refuses a clone named like an option', async () => {
    const volume = await s.run('POST', '/volumes', { size: 1 });
    expect(volume.status).toBe(200);
    await refuses('POST', `/volumes/${volume.json().id}/clone`, { name: '--xml' }, FORMAT);
  });

  it.each(['/dev/../etc/passwd', '/dev/sdb/..', '/../dev/sdb'])('refuses the device path %s at the API', async (name) => {
    await refuses('POST', '/devices', { node: topology.nodeIds[0], name }, FORMAT);
  });

  it('refuses host names that start with -', async () => {
    const body = { cluster: topology.clusterId, zone: 1, hostnames: { manage: ['--remote-host=x'], storage: ['-n4'] } };
    await refuses(
      'POST',
      '/nodes',
      body,
      'validation failed: hostnames: (manage: [--remote-host=x] is not a valid manage hostname; storage: [-n4] is not a valid storage hostname.).\n',
    );
  });

  it('still accepts the options and names Heketi users send', async () => {
    const options = ['user.heketi.average-file-size 64', 'performance.cache-size 1GB', 'nl-cache on', 'group virt', 'user.note -'];
    const accepted = options.slice(0, 4);
    const r = await s.run('POST', '/volumes', { size: 1, name: 'my_vol-1', glustervolumeoptions: accepted });
    expect(r.status).toBe(200);
    expect(r.json().glustervolumeoptions).toEqual(['', ...accepted, '']);
    await refuses('POST', '/volumes', { size: 1, glustervolumeoptions: [options[4]] }, optionText(options[4]!, DASH));
  });
});
