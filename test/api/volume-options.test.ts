import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbSnapshot } from '../helpers/db-snapshot.js';
import { TestServer } from '../helpers/server.js';
import { seedTopology } from '../helpers/topology.js';

describe('gluster volume options in POST /volumes', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await TestServer.start();
    await seedTopology(s, 3, 1);
  });
  afterAll(async () => s.dispose());

  it.each([
    ['a newline in the value', 'performance.cache-size 1GB\nreboot', 'the value contains a control character'],
    ['a key with shell characters', '$(touch /tmp/x) on', 'the key is not a gluster option key (words of letters, digits and _ joined by . or -)'],
    ['a key without a value', 'performance.readdir-ahead', 'expected "<key> <value>"'],
  ])('refuses %s with 400 before anything is stored', async (_name, option, why) => {
    const before = dbSnapshot(s.config.glusterfs.db);
    const r = await s.request('POST', '/volumes', { size: 1, glustervolumeoptions: [option] });
    expect(r.status).toBe(400);
    expect(r.text).toBe(`validation failed: invalid gluster volume option: ${JSON.stringify(option)}: ${why}\n`);
    expect(dbSnapshot(s.config.glusterfs.db)).toBe(before);
  });

  it('accepts the provisioner\'s leading-space form and inert shell text in a value, and echoes them', async () => {
    const options = [' nl-cache on', 'user.note $(touch /tmp/never)'];
    const volume = await s.run('POST', '/volumes', { size: 1, glustervolumeoptions: options });
    expect(volume.status).toBe(200);
    expect(volume.json().glustervolumeoptions).toEqual(['', ...options, '']);
  });
});
