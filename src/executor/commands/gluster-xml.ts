import type { GlusterVolumeInfo, HealInfoBrick } from '../executor.js';
import { child, children, parseXml, textAt, type XmlElement } from './xml.js';

/** Parsers for `gluster ... --xml` answers. */

/** The `<cliOutput>` root after checking `opRet`; a failure throws `opErrstr` (or the raw code). */
export const parseCliOutput = (xml: string): XmlElement => {
  let root: XmlElement;
  try {
    root = parseXml(xml);
  } catch (e) {
    throw new Error(`unable to parse gluster XML output: ${(e as Error).message}`);
  }
  if (root.name !== 'cliOutput') throw new Error(`unexpected gluster XML root <${root.name}>`);
  const opRet = textAt(root, 'opRet');
  const opErrstr = textAt(root, 'opErrstr');
  if ((opRet !== '' && opRet !== '0') || opErrstr !== '') {
    throw new Error(opErrstr !== '' ? opErrstr : `gluster command failed (opRet ${opRet})`);
  }
  return root;
};

const volumeFromXml = (volume: XmlElement): GlusterVolumeInfo => ({
  name: textAt(volume, 'name'),
  id: textAt(volume, 'id'),
  bricks: children(child(volume, 'bricks'), 'brick').map((brick) => ({ name: textAt(brick, 'name') })),
});

/** `volume info <name> --xml` → the first volume; an error when gluster reports none. */
export const parseVolumeInfo = (xml: string): GlusterVolumeInfo => {
  const volume = child(child(child(parseCliOutput(xml), 'volInfo'), 'volumes'), 'volume');
  if (!volume) throw new Error('gluster volume info returned no volume');
  return volumeFromXml(volume);
};

/** `volume info --xml` (all volumes). */
export const parseVolumesInfo = (xml: string): GlusterVolumeInfo[] =>
  children(child(child(parseCliOutput(xml), 'volInfo'), 'volumes'), 'volume').map(volumeFromXml);

/** `volume heal <name> info --xml` → name, status and numberOfEntries per brick. */
export const parseHealInfo = (xml: string): HealInfoBrick[] =>
  children(child(child(parseCliOutput(xml), 'healInfo'), 'bricks'), 'brick').map((brick) => ({
    name: textAt(brick, 'name'),
    status: textAt(brick, 'status'),
    numberOfEntries: textAt(brick, 'numberOfEntries'),
  }));
