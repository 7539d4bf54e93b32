import { describe, expect, it } from 'vitest';
import { FakeTransport } from './fake-transport.js';
import { LoggingTransport } from './logging-transport.js';

const cmd = (...argv: string[]) => ({ argv, timeoutMs: 1000 });

describe('LoggingTransport', () => {
  it('logs each command line with host, exit code and duration at debug, never its output', async () => {
    const lines: { obj: Record<string, unknown>; msg: string }[] = [];
    const fake = new FakeTransport()
      .on('gluster-block', { stdout: '{"PASSWORD":"s3cret"}' })
      .on('lvremove', { fail: 'unreachable', detail: 'connect ECONNREFUSED' });
    const t = new LoggingTransport(fake, { debug: (obj, msg) => lines.push({ obj: obj as Record<string, unknown>, msg }) });
    await t.exec('10.0.0.1', cmd('gluster-block', 'create', 'vol/blk a'));
    await expect(t.exec('10.0.0.2', cmd('lvremove', '-f', 'vg/x'))).rejects.toThrow(/ECONNREFUSED/);
    expect(lines.map((l) => [l.msg, l.obj.host, l.obj.command])).toEqual([
      ['executor command', '10.0.0.1', "'gluster-block' 'create' 'vol/blk a'"],
      ['executor command done', '10.0.0.1', "'gluster-block' 'create' 'vol/blk a'"],
      ['executor command', '10.0.0.2', "'lvremove' '-f' 'vg/x'"],
      ['executor command failed', '10.0.0.2', "'lvremove' '-f' 'vg/x'"],
    ]);
    expect(lines[1]!.obj).toMatchObject({ exitCode: 0, durationMs: expect.any(Number) });
    expect(JSON.stringify(lines)).not.toContain('s3cret');
  });
});
