import { randomBytes } from 'node:crypto';

/** Generates entity ids: 16 random bytes as 32 lower-case hex characters, as Heketi does. */
export interface IdGen {
  next(): string;
}

export const randomIdGen: IdGen = { next: () => randomBytes(16).toString('hex') };

export const ID_PATTERN = /^[a-f0-9]{32}$/;
/** Routes accept hex of any length and case, as Heketi's `{id:[A-Fa-f0-9]+}`. */
export const ROUTE_ID_PATTERN = /^[A-Fa-f0-9]+$/;
