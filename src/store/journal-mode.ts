/**
 * Which SQLite journal mode the database file gets, from where it lives.
 *
 * WAL keeps its index in a shared-memory file (`-shm`) that every connection maps. A network or
 * FUSE file system (GlusterFS's FUSE client, NFS, CIFS) does not keep such a mapping coherent
 * between two machines, so two servers on the same file — an old pod still running while its
 * replacement starts — would corrupt it. The rollback journal needs only POSIX byte-range locks,
 * which GlusterFS and NFS forward to the server. On those file systems heketi-ts therefore uses
 * the rollback journal in TRUNCATE mode (no create/unlink per commit: on a replica-3 volume each
 * of those is an entry operation on three bricks).
 */

/** `glusterfs.db_journal_mode`: `auto` chooses by file system; the others force a mode. */
export const JOURNAL_SETTINGS = ['auto', 'wal', 'truncate', 'delete'] as const;
export type JournalSetting = (typeof JOURNAL_SETTINGS)[number];
export type JournalMode = Exclude<JournalSetting, 'auto'>;

/** One line of /proc/self/mountinfo: where a file system is mounted and its type. */
export interface MountEntry {
  mountPoint: string;
  fsType: string;
}

/** mountinfo writes space, tab, newline and backslash as \ooo octal escapes. */
const unescapeMountField = (text: string): string =>
  text.replace(/\\([0-7]{3})/g, (_m, octal: string) => String.fromCharCode(parseInt(octal, 8)));

/** Parses /proc/self/mountinfo (proc(5)): field 5 is the mount point, the type follows " - ". */
export function parseMountInfo(text: string): MountEntry[] {
  const entries: MountEntry[] = [];
  for (const line of text.split('\n')) {
    const [left, right] = line.split(' - ');
    if (left === undefined || right === undefined) continue;
    const mountPoint = left.split(' ')[4];
    const fsType = right.split(' ')[0];
    if (mountPoint && fsType) entries.push({ mountPoint: unescapeMountField(mountPoint), fsType });
  }
  return entries;
}

const isUnder = (path: string, mountPoint: string): boolean =>
  mountPoint === '/' || path === mountPoint || path.startsWith(`${mountPoint}/`);

/**
 * The type of the file system holding `dir` (an absolute path with symlinks resolved): the last
 * mount whose mount point contains it, as later mounts hide earlier ones at the same place.
 */
export function filesystemOf(dir: string, mounts: readonly MountEntry[]): string | undefined {
  let best: MountEntry | undefined;
  for (const entry of mounts) {
    if (!isUnder(dir, entry.mountPoint)) continue;
    if (!best || entry.mountPoint.length >= best.mountPoint.length) best = entry;
  }
  return best?.fsType;
}

/** statfs(2) f_type magic numbers of file systems that cannot hold a WAL database safely. */
const NETWORK_FS_MAGIC: Readonly<Record<number, string>> = {
  0x65735546: 'fuse',
  0x6969: 'nfs',
  0x517b: 'smb',
  0xff534d42: 'cifs',
  0xfe534d42: 'smb2',
  0x01021997: '9p',
  0x00c36400: 'ceph',
};

/** A name for a statfs f_type when /proc/self/mountinfo cannot be read (not Linux). */
export const filesystemFromMagic = (magic: number): string | undefined => NETWORK_FS_MAGIC[magic];

const NETWORK_TYPES = new Set(['nfs', 'nfs4', 'cifs', 'smb', 'smb2', 'smb3', 'smbfs', '9p', 'ceph', 'glusterfs', 'afs', 'lustre', 'gfs2', 'ocfs2']);

/** True for FUSE (fuse.glusterfs, fuse.sshfs, …) and network or cluster file systems. */
export const isSharedFilesystem = (fsType: string): boolean =>
  fsType === 'fuse' || fsType.startsWith('fuse.') || NETWORK_TYPES.has(fsType);

/** The mode to use: the setting when it names one, else WAL unless the file system is shared. */
export function chooseJournalMode(setting: JournalSetting, fsType: string | undefined): JournalMode {
  if (setting !== 'auto') return setting;
  return fsType !== undefined && isSharedFilesystem(fsType) ? 'truncate' : 'wal';
}
