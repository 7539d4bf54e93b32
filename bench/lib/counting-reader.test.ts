import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CountingReader } from './counting-reader.js';

const big = Buffer.alloc(350_000, 'a');

/** Listens on an ephemeral loopback port; returns the port. */
async function listenOnLoopback(server: HttpServer | NetServer): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** Runs `use` with a reader of `port`, closed afterwards whatever happens. */
async function withReader(port: number, use: (reader: CountingReader) => Promise<void>): Promise<void> {
  const reader = new CountingReader('127.0.0.1', port);
  try {
    await use(reader);
  } finally {
    reader.close();
  }
}

describe('CountingReader against node:http', () => {
  let server: HttpServer;
  let port = 0;
  let connections = 0;
  const seenAuth: string[] = [];

  beforeAll(async () => {
    server = createHttpServer((req, res) => {
      seenAuth.push(req.headers.authorization ?? '');
      if (req.url === '/length') res.end(big);
      else if (req.url === '/chunked') {
        // No Content-Length: node:http frames it chunked, as Go's net/http does a large body.
        res.write(big.subarray(0, 100_000));
        res.write(big.subarray(100_000, 100_001));
        res.end(big.subarray(100_001));
      } else if (req.url === '/empty') {
        res.statusCode = 204;
        res.end();
      } else if (req.url === '/close') {
        res.setHeader('Connection', 'close');
        res.end('bye');
      } else {
        res.statusCode = 404;
        res.end('not found\n');
      }
    });
    server.on('connection', () => connections++);
    port = await listenOnLoopback(server);
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('counts a Content-Length body, a chunked one, an empty 204 and a 404, with the headers sent', async () => {
    await withReader(port, async (reader) => {
      expect(await reader.get('/length', { authorization: 'bearer x' })).toEqual({ status: 200, bytes: 350_000 });
      expect(await reader.get('/chunked', {})).toEqual({ status: 200, bytes: 350_000 });
      expect(await reader.get('/empty', {})).toEqual({ status: 204, bytes: 0 });
      expect(await reader.get('/missing', {})).toEqual({ status: 404, bytes: 10 });
      expect(seenAuth.slice(-4)).toEqual(['bearer x', '', '', '']);
    });
  });

  it('keeps connections alive: one per concurrent loop, reused', async () => {
    const before = connections;
    await withReader(port, async (reader) => {
      const loop = async (): Promise<number> => {
        let bytes = 0;
        for (let i = 0; i < 20; i++) bytes += (await reader.get(i % 2 ? '/chunked' : '/length', {})).bytes;
        return bytes;
      };
      const totals = await Promise.all(Array.from({ length: 4 }, loop));
      expect(totals).toEqual([7_000_000, 7_000_000, 7_000_000, 7_000_000]);
      expect(connections - before).toBe(4);
    });
  });

  it('opens a new connection after an answer that closes its own', async () => {
    const before = connections;
    await withReader(port, async (reader) => {
      expect(await reader.get('/close', {})).toEqual({ status: 200, bytes: 3 });
      expect(await reader.get('/length', {})).toEqual({ status: 200, bytes: 350_000 });
      expect(connections - before).toBe(2);
    });
  });
});

describe('CountingReader with answers split at every awkward place', () => {
  let server: NetServer;
  let port = 0;
  /** The answer, written in these pieces with a pause between them. */
  let pieces: string[] = [];

  beforeAll(async () => {
    server = createNetServer((socket: Socket) => {
      socket.setNoDelay(true);
      socket.on('data', async () => {
        for (const piece of pieces) {
          socket.write(piece);
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      });
    });
    port = await listenOnLoopback(server);
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('finds the end of the head split between "\\r\\n" and "\\r\\n"', async () => {
    pieces = ['HTTP/1.1 200 OK\r\nContent-Le', 'ngth: 5\r\n', '\r\nhel', 'lo'];
    await withReader(port, async (reader) => {
      expect(await reader.get('/', {})).toEqual({ status: 200, bytes: 5 });
    });
  });

  it('reads chunk sizes and their CRLFs split between reads, with an extension and a trailer', async () => {
    pieces = ['HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n', '1', '0;x=y\r', '\n0123456789abcdef\r', '\n3\r\nabc\r\n', '0\r\nX-Trailer: 1\r\n', '\r\n'];
    await withReader(port, async (reader) => {
      expect(await reader.get('/', {})).toEqual({ status: 201, bytes: 19 });
    });
  });

  it('rejects an answer it cannot frame, and a connection closed mid-answer', async () => {
    pieces = ['HTTP/1.1 200 OK\r\nServer: x\r\n\r\nno length'];
    await withReader(port, async (reader) => {
      await expect(reader.get('/', {})).rejects.toThrow('answer without Content-Length or chunked framing');
      pieces = ['SSH-2.0-OpenSSH\r\n\r\n'];
      await expect(reader.get('/', {})).rejects.toThrow('not an HTTP/1.x answer');
    });
    const closing = createNetServer((socket) => socket.on('data', () => socket.end('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort')));
    try {
      await withReader(await listenOnLoopback(closing), async (cut) => {
        await expect(cut.get('/', {})).rejects.toThrow('connection closed before the answer ended');
      });
    } finally {
      await new Promise((resolve) => closing.close(resolve));
    }
  });
});
