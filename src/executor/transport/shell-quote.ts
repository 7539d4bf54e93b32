/**
 * The only place a command line is built from an argv. sshd hands the line to the login shell, so
 * every argument is wrapped in single quotes, inside which a POSIX shell interprets nothing; a
 * single quote in the argument is written as '\'' (close, escaped quote, reopen).
 */

export const shellQuote = (arg: string): string => {
  if (arg.includes('\0')) throw new Error('a command argument may not contain a NUL byte');
  return `'${arg.replace(/'/g, `'\\''`)}'`;
};

/** The quoted command line; with sudo it runs through `sudo -n` (never prompts for a password). */
export const commandLine = (argv: string[], sudo = false): string => {
  if (argv.length === 0) throw new Error('empty command');
  return (sudo ? ['sudo', '-n', ...argv] : argv).map(shellQuote).join(' ');
};
