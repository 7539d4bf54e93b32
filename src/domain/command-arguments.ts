/**
 * What a user-chosen value must look like before it may become an argument of a command on a
 * storage node (gluster, lvm, mkfs, mount, gluster-block). The API refuses a value that breaks
 * these rules with 400 before anything is stored; the executor's command builders check them again
 * (src/executor/commands/validate.ts), so a value from any other source (an imported database, a
 * topology file) is refused too.
 *
 * The rule common to all of them: **no value may start with `-`**. Quoting keeps text away from a
 * shell, but not from the program itself: the gluster CLI reads `--remote-host=`, `--log-file=`,
 * `--glusterd-sock=`, `--xml` anywhere on its command line (cli/src/cli.c parse_cmdline), and lvm,
 * mkfs.xfs and mount read `-x` before their operands. A value that starts with a letter, a digit,
 * `_` or `/` is never an option to any of them.
 */

/** The one rule every argument value obeys. */
export const looksLikeOption = (value: string): boolean => value.startsWith('-');

/** Volume, block volume and clone names: Heketi's `^[a-zA-Z0-9_-]+$` without a leading `-`. */
const VOLUME_NAME = /^[a-zA-Z0-9_][a-zA-Z0-9_-]*$/;
const MAX_VOLUME_NAME = 255;

/** Absolute paths (devices, brick directories, fstab): Heketi's device name characters. */
const PATH = /^\/[a-zA-Z0-9_.:/-]+$/;
const MAX_PATH = 4096;

/**
 * Gluster's option key grammar: words of letters, digits and `_`, joined by single `.` or `-`
 * (`performance.cache-size`, `user.heketi.average-file-size`, `nl-cache`).
 */
const OPTION_KEY = /^[a-zA-Z0-9_]+(?:[.-][a-zA-Z0-9_]+)*$/;
const MAX_OPTION_KEY = 255;
/** Printable ASCII and non-ASCII text; no control characters (newlines, tabs, NUL, DEL, C1). */
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;
/** `group <name>` makes glusterd read /var/lib/glusterd/groups/<name>: a plain file name only. */
const GROUP_NAME = /^[a-zA-Z0-9_][a-zA-Z0-9_.-]*$/;

export const isValidVolumeName = (name: string): boolean => name.length <= MAX_VOLUME_NAME && VOLUME_NAME.test(name);

/** Absolute paths of devices, brick directories and files; a `..` component is refused. */
export const isValidPath = (path: string): boolean =>
  path.length <= MAX_PATH && PATH.test(path) && !path.split('/').includes('..');

export const isValidOptionKey = (key: string): boolean => key.length <= MAX_OPTION_KEY && OPTION_KEY.test(key);

/** A gluster volume option as Heketi stores it: `"<key> <value>"`. */
export interface GlusterOption {
  key: string;
  value: string;
}

/** Why a `"<key> <value>"` option is refused, or `null` when it is fine. */
export function glusterOptionProblem(option: string): string | null {
  const match = /^\s*(\S+)\s+(.*?)\s*$/s.exec(option);
  if (!match) return 'expected "<key> <value>"';
  const [, key = '', value = ''] = match;
  if (!isValidOptionKey(key)) return 'the key is not a gluster option key (words of letters, digits and _ joined by . or -)';
  if (CONTROL_CHARACTER.test(value)) return 'the value contains a control character';
  if (looksLikeOption(value)) return 'the value starts with "-" (gluster would read it as a command-line option)';
  if (key === 'group' && !GROUP_NAME.test(value)) return 'a group is the plain name of a file in /var/lib/glusterd/groups';
  return null;
}

/** Splits `"key value"` at the first run of spaces; `undefined` when the option is refused. */
export function parseGlusterOption(option: string): GlusterOption | undefined {
  if (glusterOptionProblem(option) !== null) return undefined;
  const [, key = '', value = ''] = /^\s*(\S+)\s+(.*?)\s*$/s.exec(option) ?? [];
  return { key, value };
}
