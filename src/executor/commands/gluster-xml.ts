import type { GlusterVolumeInfo, HealInfoBrick } from '../executor.js';
import type { GlusterXmlVolume, VolInfo, XmlName } from '../examine-types.js';
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

const xmlName = (element: XmlElement | undefined): XmlName => ({ Space: '', Local: element?.name ?? '' });
const int = (element: XmlElement | undefined, name: string): number => {
  const value = Number.parseInt(textAt(element, name), 10);
  return Number.isNaN(value) ? 0 : value;
};
const orNull = <T>(list: T[]): T[] | null => (list.length > 0 ? list : null);

const heketiVolume = (volume: XmlElement): GlusterXmlVolume => {
  const bricks = child(volume, 'bricks');
  const options = child(volume, 'options');
  return {
    XMLName: xmlName(volume),
    VolumeName: textAt(volume, 'name'),
    ID: textAt(volume, 'id'),
    Status: int(volume, 'status'),
    StatusStr: textAt(volume, 'statusStr'),
    BrickCount: int(volume, 'brickCount'),
    DistCount: int(volume, 'distCount'),
    StripeCount: int(volume, 'stripeCount'),
    ReplicaCount: int(volume, 'replicaCount'),
    ArbiterCount: int(volume, 'arbiterCount'),
    DisperseCount: int(volume, 'disperseCount'),
    RedundancyCount: int(volume, 'redundancyCount'),
    Type: int(volume, 'type'),
    TypeStr: textAt(volume, 'typeStr'),
    Transport: int(volume, 'transport'),
    Bricks: {
      XMLName: xmlName(bricks),
      BrickList: orNull(
        children(bricks, 'brick').map((b) => ({
          UUID: b.attributes['uuid'] ?? '',
          Name: textAt(b, 'name'),
          HostUUID: textAt(b, 'hostUuid'),
          IsArbiter: int(b, 'isArbiter'),
        })),
      ),
    },
    OptCount: int(volume, 'optCount'),
    Options: {
      XMLName: xmlName(options),
      OptionList: orNull(children(options, 'option').map((o) => ({ Name: textAt(o, 'name'), Value: textAt(o, 'value') }))),
    },
  };
};

/** `volume info --xml` (all volumes) as Heketi's VolInfo, every field Heketi's structs read. */
export const parseVolInfo = (xml: string): VolInfo => {
  const volInfo = child(parseCliOutput(xml), 'volInfo');
  const volumes = child(volInfo, 'volumes');
  return {
    XMLName: xmlName(volInfo),
    Volumes: { XMLName: xmlName(volumes), Count: int(volumes, 'count'), VolumeList: orNull(children(volumes, 'volume').map(heketiVolume)) },
  };
};
