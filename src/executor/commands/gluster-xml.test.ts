import { describe, expect, it } from 'vitest';
import { parseCliOutput, parseHealInfo, parseVolumeInfo, parseVolumesInfo } from './gluster-xml.js';
import { parseXml, textAt } from './xml.js';
import { fixture } from './test-config.js';

const BRICK = (n: number): string =>
  `10.213.77.1${n}:/var/lib/heketi/mounts/vg_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/brick_b${n}bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb/brick`;

describe('gluster XML parsers (fixtures captured on the test bed, glusterfs 10.3)', () => {
  it('reads name, id and brick names in order from volume info', async () => {
    expect(parseVolumeInfo(await fixture('volume-info.xml'))).toEqual({
      name: 'vol_fixture',
      id: 'd6cef704-79a8-4966-ad91-fb3ac8158342',
      bricks: [{ name: BRICK(1) }, { name: BRICK(2) }, { name: BRICK(3) }],
    });
    expect(parseVolumesInfo(await fixture('volume-info.xml'))).toHaveLength(1);
  });

  it('throws opErrstr when gluster reports a failure', async () => {
    const xml = await fixture('volume-info-missing.xml');
    expect(() => parseVolumeInfo(xml)).toThrow('Volume does not exist');
  });

  it('reads heal info per brick', async () => {
    expect(parseHealInfo(await fixture('heal-info.xml'))).toEqual([1, 2, 3].map((n) => ({
      name: BRICK(n),
      status: 'Connected',
      numberOfEntries: '0',
    })));
  });

  it('reports a non-zero opRet without opErrstr, and non-XML output', () => {
    expect(() => parseCliOutput('<cliOutput><opRet>-1</opRet><opErrstr/></cliOutput>')).toThrow('opRet -1');
    expect(() => parseCliOutput('volume info: failed')).toThrow(/unable to parse gluster XML/);
    expect(() => parseCliOutput('<other/>')).toThrow(/unexpected gluster XML root/);
  });
});

describe('xml reader', () => {
  it('handles declarations, comments, attributes, entities and self-closing tags', () => {
    const root = parseXml('<?xml version="1.0"?><!-- c --><a x="1 &amp; 2"><b>t &lt;&#65;&#x42;&gt;</b><c/><b>u</b></a>');
    expect(root.attributes).toEqual({ x: '1 & 2' });
    expect(textAt(root, 'b')).toBe('t <AB>');
    expect(root.children.map((c) => c.name)).toEqual(['b', 'c', 'b']);
  });

  it('rejects malformed documents', () => {
    expect(() => parseXml('<a><b></a>')).toThrow(/mismatched/);
    expect(() => parseXml('<a>')).toThrow(/unterminated/);
    expect(() => parseXml('')).toThrow(/empty/);
    expect(() => parseXml('<a <b>')).toThrow(/malformed/);
  });
});
