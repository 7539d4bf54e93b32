import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, open, rm, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { expect } from 'vitest';
import { onNode, type Testbed } from './testbed.js';

const run = promisify(execFile);

/**
 * FUSE-mounts a volume in the root namespace; returns the mount point. The default place is under
 * $TB_ROOT/mnt, which only root can traverse; `parent` puts it elsewhere (e.g. for non-root users).
 */
export const mountVolume = async (tb: Testbed, server: string, volume: string, parent = `${tb.root}/mnt`): Promise<string> => {
  const dir = `${parent}/${volume}`;
  await mkdir(dir, { recursive: true });
  await run('mount', ['-t', 'glusterfs', '-o', `log-file=${tb.root}/client/${volume}.log`, `${server}:/${volume}`, dir]);
  return dir;
};

export const unmountVolume = async (dir: string): Promise<void> => {
  await run('umount', [dir]).catch(() => run('umount', ['-l', dir]));
  await rm(dir, { recursive: true, force: true });
};

/** Writes `mib` MiB of random data to a file and returns its sha256. */
export const writeRandomFile = async (path: string, mib: number): Promise<string> => {
  const hash = createHash('sha256');
  const file = await open(path, 'w');
  try {
    for (let i = 0; i < mib; i++) {
      const chunk = randomBytes(1024 * 1024);
      hash.update(chunk);
      await file.write(chunk);
    }
    await file.sync();
  } finally {
    await file.close();
  }
  return hash.digest('hex');
};

export const sha256File = (path: string): Promise<string> =>
  new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')))
      .on('error', reject);
  });

/** Drops the page cache so a read really goes through FUSE to the bricks (best effort in containers). */
export const dropCaches = (): Promise<void> => writeFile('/proc/sys/vm/drop_caches', '3').catch(() => undefined);

/** A brick where a file written through FUSE must show up whole (a replica's data brick). */
export interface DataBrick {
  host: string;
  path: string;
}

/**
 * The round trip every volume suite (ssh executor, API, kubernetes executor) makes: `mib` MiB of
 * random data written through a FUSE mount of `server:volume`, read back through FUSE after the
 * page cache is dropped, then found byte for byte on every brick of `bricks` (over plain ssh).
 * Resolves the payload's sha256; an assertion fails otherwise.
 */
export const payloadRoundTrip = async (tb: Testbed, server: string, volume: string, bricks: DataBrick[], mib = 100): Promise<string> => {
  const mnt = await mountVolume(tb, server, volume);
  const local = `${tb.root}/client/${volume}.payload`;
  let sha = '';
  try {
    sha = await writeRandomFile(local, mib);
    await copyFile(local, `${mnt}/payload`);
    await dropCaches();
    expect(await sha256File(`${mnt}/payload`)).toBe(sha);
  } finally {
    await unmountVolume(mnt);
  }
  for (const brick of bricks) {
    expect((await onNode(tb, brick.host, `sha256sum ${brick.path}/payload`)).split(' ')[0], `${brick.host}:${brick.path}`).toBe(sha);
  }
  return sha;
};
