import { describe, expect, it } from 'vitest';
import { canonicalOrder, exactJson, Labeller, labelIds, maskPlacement, normaliseJson, PLACED, unsortedIdLists } from './normalise.js';

const id = (c: string) => c.repeat(32);

describe('Labeller', () => {
  it('labels ids by first appearance, inside texts too, and maps labels back', () => {
    const l = new Labeller();
    expect(l.text(`/volumes/${id('b')}`)).toBe('/volumes/<id:1>');
    expect(l.text(`vol_${id('a')} and ${id('b')}`)).toBe('vol_<id:2> and <id:1>');
    expect(l.unlabel('/nodes/<id:2>', () => 'x')).toBe(`/nodes/${id('a')}`);
  });

  it('binds an unseen label to a minted id and numbers later ids after it', () => {
    const l = new Labeller();
    expect(l.unlabel('/clusters/<id:3>', () => id('c'))).toBe(`/clusters/${id('c')}`);
    expect(l.text(id('d'))).toBe('<id:4>');
  });

  it('leaves longer hex runs (a qsh) alone', () => {
    expect(new Labeller().text('f'.repeat(64))).toBe('f'.repeat(64));
  });
});

describe('normaliseJson', () => {
  it('gives the same result whatever order random ids put a list in', () => {
    const nodes = (order: string[]) => ({ nodes: order.map((n, i) => ({ id: n, zone: i === 0 ? 1 : 2 })) });
    const a = new Labeller();
    const b = new Labeller();
    // Same entities (zone 1 then zone 2), listed in opposite id order by two servers.
    expect(normaliseJson(nodes([id('1'), id('2')]), a)).toEqual(normaliseJson({ nodes: [{ id: id('9'), zone: 2 }, { id: id('8'), zone: 1 }] }, b));
  });

  it('masks placement but keeps every field', () => {
    const volume = {
      durability: { type: 'replicate' },
      mount: { glusterfs: { hosts: ['10.0.0.2', '10.0.0.1'], device: '10.0.0.2:vol_x', options: { 'backup-volfile-servers': '10.0.0.1' } } },
      bricks: [{ id: id('b'), node: id('n'), device: id('d'), path: `/var/lib/heketi/mounts/vg_${id('d')}/brick_${id('b')}/brick`, size: 5 }],
    };
    const masked = maskPlacement(volume) as any;
    expect(masked.bricks[0]).toEqual({ id: id('b'), node: PLACED, device: PLACED, path: `/var/lib/heketi/mounts/vg_${PLACED}/brick_${id('b')}/brick`, size: 5 });
    expect(masked.mount.glusterfs).toEqual({ hosts: ['10.0.0.1', '10.0.0.2'], device: '<hosts[0]>:vol_x', options: { 'backup-volfile-servers': '<hosts[1:]>' } });
  });

  it('keeps a mount device that does not name the first host, so the difference shows', () => {
    const masked = maskPlacement({ durability: {}, bricks: [], mount: { glusterfs: { hosts: ['a', 'b'], device: 'b:vol', options: {} } } }) as any;
    expect(masked.mount.glusterfs.device).toBe('b:vol');
  });

  it('orders id lists by label and leaves other lists alone', () => {
    const l = new Labeller();
    l.text(id('2'));
    l.text(id('1'));
    expect(canonicalOrder(labelIds({ ids: [id('1'), id('2')], names: ['b', 'a'] }, l))).toEqual({ ids: ['<id:1>', '<id:2>'], names: ['b', 'a'] });
  });
});

describe('unsortedIdLists', () => {
  it('finds id lists out of id order, at any depth', () => {
    const v = { volumes: [{ bricks: [{ id: id('b') }, { id: id('a') }] }], clusters: [id('a'), id('b')] };
    expect(unsortedIdLists(v)).toEqual(['volumes[].bricks']);
  });
});

describe('exactJson', () => {
  it('keeps a body as JSON only when it re-serialises to the same bytes', () => {
    expect(exactJson('{"a":1}')).toEqual({ a: 1 });
    expect(exactJson('{"a": 1}')).toBeUndefined();
    expect(exactJson('{"zone":1.5')).toBeUndefined();
  });
});
