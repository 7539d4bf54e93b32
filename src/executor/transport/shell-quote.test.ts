import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { commandLine, shellQuote } from './shell-quote.js';

/** Runs the quoted line through a real POSIX shell and returns the arguments printf received. */
const throughShell = (argv: string[]): string[] => {
  const out = execFileSync('sh', ['-c', commandLine(['printf', '%s\\0', 'start', ...argv])]).toString();
  return out.split('\0').slice(1, -1);
};

const shellish = fc.string({ unit: fc.constantFrom(...`;&|$()\`'"\\ \n\t*?[]{}<>!~#=%a1-é`.split('')) });

describe('shellQuote', () => {
  it('wraps in single quotes and writes a quote as close-escape-reopen', () => {
    expect(shellQuote('abc')).toBe("'abc'");
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(shellQuote('')).toBe("''");
  });

  it('delivers hostile strings to the program unchanged', () => {
    const hostile = [';', '$(touch /tmp/pwned)', '`touch /tmp/pwned`', "'", '"', 'a\nb', 'a b', '\\', '$HOME', '*', '!x', '~', '-n'];
    expect(throughShell(hostile)).toEqual(hostile);
  });

  it('is inert for any string without NUL (property, real sh)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(shellish, fc.string({ unit: 'grapheme' })), { maxLength: 5 }), (argv) => {
        expect(throughShell(argv)).toEqual(argv);
      }),
      { numRuns: 60 },
    );
  });

  it('refuses NUL bytes and empty commands, and prefixes sudo -n', () => {
    expect(() => shellQuote('a\0b')).toThrow(/NUL/);
    expect(() => commandLine([])).toThrow(/empty/);
    expect(commandLine(['lvs'], true)).toBe("'sudo' '-n' 'lvs'");
  });
});
