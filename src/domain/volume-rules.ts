/**
 * The pure checks of POST /volumes and the volume options Heketi interprets itself (app_volume.go,
 * volume_entry.go). Texts and order are Heketi's: clients match on them.
 */
import type { DurabilityRequest } from './entities.js';
import { GiB } from './units.js';

/** The parts of a volume create request the pure checks look at. */
export interface VolumeCreateInput {
  sizeGib: number;
  gid: number;
  durability: DurabilityRequest;
  snapshot: { enable: boolean; factor: number };
}

const MAX_GID_EXCLUSIVE = 2147483647;
const VALID_DISPERSIONS = new Set(['2+1', '4+2', '8+3', '8+4']);
const KNOWN_DURABILITY_TYPES = new Set(['', 'none', 'replicate', 'disperse']);

/**
 * Steps 3–8 of api §6.4 in Heketi's order: the first failing check's message (HTTP 400), or null.
 * The cluster checks (step 9) and the minimum size (step 10) come after; see minimumVolumeSizeError.
 */
export function volumeRequestError(input: VolumeCreateInput): string | null {
  if (input.gid < 0) return 'Bad group id less than zero';
  if (input.gid >= MAX_GID_EXCLUSIVE) return 'Bad group id equal or greater than 2**32';
  const type = input.durability.type ?? '';
  if (!KNOWN_DURABILITY_TYPES.has(type)) return 'Unknown durability type';
  if (input.sizeGib < 1) return 'Invalid volume size';
  const factor = input.snapshot.factor;
  if (input.snapshot.enable && (factor < 1 || factor > 100)) return 'Invalid snapshot factor';
  const replica = input.durability.replicate.replica ?? 0;
  // Heketi only rejects > 3; a negative replica would reach the allocator as a negative set size.
  if (type === 'replicate' && (replica > 3 || replica < 0)) return 'Invalid replica value';
  if (type === 'disperse') {
    const combination = `${input.durability.disperse.data ?? 0}+${input.durability.disperse.redundancy ?? 0}`;
    if (!VALID_DISPERSIONS.has(combination)) return `Invalid dispersion combination: ${combination}`;
  }
  return null;
}

/** Heketi's MinVolumeSize: one minimum brick, or one per data brick for disperse. */
export function minimumVolumeSizeKib(durability: DurabilityRequest, brickMinSizeKib: number): number {
  if (durability.type === 'disperse') return brickMinSizeKib * (durability.disperse.data || 4);
  return brickMinSizeKib;
}

/** Step 10 of api §6.4 (after the cluster checks): the message, or null. */
export function minimumVolumeSizeError(
  sizeGib: number,
  durability: DurabilityRequest,
  brickMinSizeKib: number,
): string | null {
  const minimum = minimumVolumeSizeKib(durability, brickMinSizeKib);
  if (sizeGib * GiB >= minimum) return null;
  return `Requested volume size (${sizeGib} GB) is smaller than the minimum supported volume size (${minimum})`;
}

/**
 * Steps 3–8 then 10, for callers that run the cluster checks (step 9) elsewhere or not at all.
 * `clusterError` is consulted between them so the order stays Heketi's.
 */
export function volumeCreateError(
  input: VolumeCreateInput,
  brickMinSizeKib: number,
  clusterError: () => string | null = () => null,
): string | null {
  return (
    volumeRequestError(input) ??
    clusterError() ??
    minimumVolumeSizeError(input.sizeGib, input.durability, brickMinSizeKib)
  );
}

/** Go's strings.Split(s, ","): an empty string gives one empty element, which Heketi stores. */
const splitOptions = (list: string): string[] => list.split(',');

/**
 * The stored option list: pre-request options, the block-hosting options (block volumes only,
 * else pass null), the request's options and the post-request options, duplicates and empty
 * strings kept exactly as Heketi stores them.
 */
export function assembleVolumeOptions(
  pre: string,
  blockOpts: string | null,
  request: readonly string[],
  post: string,
): string[] {
  return [
    ...splitOptions(pre),
    ...(blockOpts === null ? [] : splitOptions(blockOpts)),
    ...request,
    ...splitOptions(post),
  ];
}

export const ARBITER_OPTION = 'user.heketi.arbiter';
export const AVERAGE_FILE_SIZE_OPTION = 'user.heketi.average-file-size';
export const ZONE_CHECKING_OPTION = 'user.heketi.zone-checking';
export const TAG_MATCH_OPTION = 'user.heketi.device-tag-match';

/** The options Heketi's engine reads; null means "not set, use the server default". */
export interface EngineOptions {
  arbiter: boolean;
  averageFileSizeKib: number | null;
  zoneChecking: 'none' | 'strict' | null;
  /** The raw rule text; parse it with the allocator's tag rule parser. */
  tagMatch: string | null;
}

/** Heketi's volOptsMap: key = text before the first space, value = the rest; later keys win. */
export function volumeOptionMap(options: readonly string[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const option of options) {
    const space = option.indexOf(' ');
    if (space < 0) map.set(option, '');
    else map.set(option.slice(0, space), option.slice(space + 1));
  }
  return map;
}

const GO_TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const GO_FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

/** Go's strconv.ParseBool: null when the text is not one of its accepted spellings. */
export function goParseBool(text: string): boolean | null {
  if (GO_TRUE.has(text)) return true;
  if (GO_FALSE.has(text)) return false;
  return null;
}

/** strconv.ParseUint(v, 10, 64) that is also non-zero; anything else means the default. */
function parseAverageFileSize(text: string | undefined): number | null {
  if (text === undefined || !/^[0-9]+$/.test(text)) return null;
  const value = Number(text);
  return value > 0 && value < 2 ** 64 ? value : null;
}

function parseZoneChecking(text: string | undefined): 'none' | 'strict' | null {
  if (text === undefined || text === '') return null;
  // Heketi warns about unknown strategies and then applies no zone filter.
  return text === 'strict' ? 'strict' : 'none';
}

/** Reads the user.heketi.* options from a volume's option list. */
export function parseEngineOptions(options: readonly string[]): EngineOptions {
  const map = volumeOptionMap(options);
  const tagMatch = map.get(TAG_MATCH_OPTION);
  return {
    arbiter: goParseBool(map.get(ARBITER_OPTION) ?? '') === true,
    averageFileSizeKib: parseAverageFileSize(map.get(AVERAGE_FILE_SIZE_OPTION)),
    zoneChecking: parseZoneChecking(map.get(ZONE_CHECKING_OPTION)),
    tagMatch: tagMatch === undefined || tagMatch === '' ? null : tagMatch,
  };
}
