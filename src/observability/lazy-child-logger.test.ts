import { Writable } from 'node:stream';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { LazyChildLogger, lazyChildLoggerFactory } from './lazy-child-logger.js';
import { pinoOptions } from './logger.js';

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** A Fastify app with heketi-ts's pino options and the lazy factory; its log lines parsed. */
function appAt(level: string): { app: FastifyInstance; lines: Record<string, unknown>[]; made: boolean[] } {
  const lines: Record<string, unknown>[] = [];
  const made: boolean[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const server = Fastify({ logger: pinoOptions({ level, stream }), childLoggerFactory: lazyChildLoggerFactory });
  server.get('/quiet', async (request) => {
    request.log.info('an info line');
    made.push((request.log as unknown as LazyChildLogger).isMade);
    return 'ok';
  });
  server.get('/loud', async (request) => {
    request.log.warn({ headers: { authorization: 'bearer secret' } }, 'a warning');
    made.push((request.log as unknown as LazyChildLogger).isMade);
    return 'ok';
  });
  app = server;
  return { app: server, lines, made };
}

describe('lazyChildLoggerFactory', () => {
  it('makes no child and writes nothing for a request that logs below the level', async () => {
    const { app, lines, made } = appAt('warn');
    expect((await app.inject('/quiet')).statusCode).toBe(200);
    expect(made).toEqual([false]);
    expect(lines).toEqual([]);
  });

  it('writes a request line with its request id and the redaction, as pino child would', async () => {
    const { app, lines, made } = appAt('warn');
    await app.inject('/loud');
    await app.inject('/loud');
    expect(made).toEqual([true, true]);
    expect(lines.map((l) => [l.msg, l.reqId, (l.headers as Record<string, unknown>).authorization])).toEqual([
      ['a warning', 'req-1', '[redacted]'],
      ['a warning', 'req-2', '[redacted]'],
    ]);
  });

  it("keeps Fastify's request lines at level info, and follows a level changed at run time", async () => {
    const { app, lines } = appAt('warn');
    await app.inject('/quiet');
    expect(lines).toEqual([]);
    app.log.level = 'info';
    await app.inject('/quiet');
    expect(lines.map((l) => [l.msg, l.reqId])).toEqual([
      ['incoming request', 'req-2'],
      ['an info line', 'req-2'],
      ['request completed', 'req-2'],
    ]);
  });

  it('gives children of the lazy child both bindings', async () => {
    const { app, lines } = appAt('info');
    await app.ready();
    const lazy = lazyChildLoggerFactory(app.log, { reqId: 'r' }, {});
    expect(lazy).toBeInstanceOf(LazyChildLogger);
    expect(lazy.level).toBe('info');
    lazy.child({ step: 2 }).info('nested');
    expect(lines.filter((l) => l.msg === 'nested').map((l) => [l.reqId, l.step])).toEqual([['r', 2]]);
  });
});
