import { describe, expect, it } from 'vitest';
import { ClientOrder, goJson } from './client-order.js';

const id = (c: string) => c.repeat(32);
const JSON_HEADERS = { 'content-type': 'application/json; charset=UTF-8' };
const body = (v: unknown) => `${goJson(v as never)}\n`;

/** Two nodes added one after the other: node `b…` first, `a…` second (Heketi lists them a, b). */
function twoNodesAdded(): ClientOrder {
  const o = new ClientOrder();
  o.request('/nodes', '{}');
  for (const [queue, node] of [
    ['1', 'b'],
    ['2', 'a'],
  ] as const) {
    o.request(`/queue/${id(queue)}`, '');
    o.response('GET', `/queue/${id(queue)}`, 303, { location: `/nodes/${id(node)}` }, '');
  }
  return o;
}

describe('ClientOrder', () => {
  it("hands the client a cluster's nodes in the order they first appeared, not Heketi's id order", () => {
    const o = twoNodesAdded();
    const heketi = body({ id: id('c'), nodes: [id('a'), id('b')], volumes: [] });
    expect(JSON.parse(o.response('GET', `/clusters/${id('c')}`, 200, JSON_HEADERS, heketi))).toMatchObject({ nodes: [id('b'), id('a')] });
  });

  it("orders a node's devices by first appearance, devices first seen together by their content (name)", () => {
    const o = twoNodesAdded();
    const devices = (order: string[]) => order.map((d) => ({ id: id(d), name: d === 'e' ? '/dev/vdb' : '/dev/vdc', bricks: [] }));
    const answer = o.response('GET', `/nodes/${id('b')}`, 200, JSON_HEADERS, body({ id: id('b'), devices: devices(['d', 'e']) }));
    expect((JSON.parse(answer) as { devices: { name: string }[] }).devices.map((d) => d.name)).toEqual(['/dev/vdb', '/dev/vdc']);
  });

  it('keeps the bytes of an answer it does not reorder, and writes a reordered one as Go does', () => {
    const o = twoNodesAdded();
    const already = body({ id: id('c'), nodes: [id('b'), id('a')] });
    expect(o.response('GET', `/clusters/${id('c')}`, 200, JSON_HEADERS, already)).toBe(already);
    const list = body({ clusters: [id('a'), id('b')] });
    expect(o.response('GET', '/clusters', 200, JSON_HEADERS, list)).toBe(list);
    const withHtml = body({ id: id('c'), name: 'a<b&c', nodes: [id('a'), id('b')] });
    expect(o.response('GET', `/clusters/${id('c')}`, 200, JSON_HEADERS, withHtml)).toBe(body({ id: id('c'), name: 'a<b&c', nodes: [id('b'), id('a')] }));
    expect(withHtml).toContain('a\\u003cb\\u0026c');
  });

  it('refuses to reorder a body it cannot write back byte for byte', () => {
    const o = twoNodesAdded();
    const spaced = `{"nodes": ["${id('a')}", "${id('b')}"]}\n`;
    expect(() => o.response('GET', `/clusters/${id('c')}`, 200, JSON_HEADERS, spaced)).toThrow(/does not re-encode/);
  });

  it('ranks ids by first appearance in requests and answers', () => {
    const o = twoNodesAdded();
    expect([o.rank(id('b')), o.rank(id('a')), o.rank(id('f'))]).toEqual([2, 4, undefined]);
  });
});
