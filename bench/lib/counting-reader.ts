/**
 * The read loads' HTTP/1.1 client: GETs over keep-alive loopback connections whose answers are
 * counted, not kept. Each connection reads into one fixed buffer (net's `onread`) and parses just
 * enough of the answer to know where it ends (status line, Content-Length or chunked framing).
 *
 * node:http allocates a new buffer for every read of the socket and hands each to the response
 * stream; at 350 KB per `GET /volumes` (10,000 volumes) that made the load generator the limit,
 * and a limit that moved with the machine: a plain server answering a ready 350 KB buffer to 16
 * node:http loops gave 555–3,611 requests/s from one 3-second run to the next at the same CPU,
 * this reader 11,374–11,804 beside them (docs/benchmarks.md, "The load generator's reads").
 */
import { connect, type Socket } from 'node:net';

/** A read whose body was counted, not kept. */
export interface CountedReply {
  status: number;
  bytes: number;
}

const READ_BUFFER_BYTES = 256 * 1024;
const MAX_HEAD_BYTES = 64 * 1024;

/** The headers that frame an answer, compiled once (every answer of the read loads is parsed). */
const headerValue = (name: string): RegExp => new RegExp(`\\r\\n${name}:[ \\t]*([^\\r]*)`, 'i');
const HEADER = {
  connection: headerValue('connection'),
  transferEncoding: headerValue('transfer-encoding'),
  contentLength: headerValue('content-length'),
};

type Framing = { kind: 'length'; left: number } | { kind: 'chunk-size' } | { kind: 'chunk-data'; left: number } | { kind: 'chunk-end' } | { kind: 'trailer' };

/** Where one connection is in the answer it is reading. */
class AnswerParser {
  /** The head begun in an earlier read. */
  private head = '';
  private status = 0;
  private bytes = 0;
  private framing: Framing | null = null;
  private closeAfter = false;
  /** A chunk-framing line begun in an earlier read. */
  private line = '';

  constructor(private readonly onDone: (reply: CountedReply, keepAlive: boolean) => void) {}

  /** Feeds `buf[0, length)`; throws on an answer it cannot frame. */
  feed(buf: Buffer, length: number): void {
    const data = buf.subarray(0, length);
    let off = 0;
    while (off < data.length) off = this.framing === null ? this.readHead(data, off) : this.readBody(data, off);
  }

  /** Reads the status line and headers; returns where the body starts (or the end of `data`). */
  private readHead(data: Buffer, off: number): number {
    const found = this.takeUntil(data, off, '\r\n\r\n', 'head');
    if (found === null) return data.length;
    this.startBody(found.text);
    return found.next;
  }

  /**
   * The text from `off` up to `mark` when the mark is in `data` (with what earlier reads left in
   * `carried`), and where reading goes on after the mark; null when the mark is still to come
   * (what was read is carried to the next read).
   */
  private takeUntil(data: Buffer, off: number, mark: string, what: 'head' | 'line'): { text: string; next: number } | null {
    const carried = what === 'head' ? this.head : this.line;
    const keep = (text: string): void => {
      if (text.length > MAX_HEAD_BYTES) throw new Error(`answer ${what} too long`);
      if (what === 'head') this.head = text;
      else this.line = text;
    };
    if (carried === '') {
      const at = data.indexOf(mark, off, 'latin1');
      if (at < 0) {
        keep(data.toString('latin1', off));
        return null;
      }
      return { text: data.toString('latin1', off, at), next: at + mark.length };
    }
    // The mark may straddle this read and the one before: look for it in the joined text.
    const upTo = Math.min(data.length, off + MAX_HEAD_BYTES);
    const joined = carried + data.toString('latin1', off, upTo);
    const at = joined.indexOf(mark);
    if (at < 0) {
      keep(joined);
      return null;
    }
    keep('');
    return { text: joined.slice(0, at), next: off + at + mark.length - carried.length };
  }

  private startBody(head: string): void {
    this.head = '';
    const statusLine = /^HTTP\/1\.[01] (\d{3})/.exec(head);
    if (!statusLine) throw new Error(`not an HTTP/1.x answer: ${JSON.stringify(head.slice(0, 40))}`);
    this.status = Number(statusLine[1]);
    this.bytes = 0;
    this.closeAfter = /close/i.test(HEADER.connection.exec(head)?.[1] ?? '');
    if (this.status === 204 || this.status === 304 || (this.status >= 100 && this.status < 200)) {
      this.framing = { kind: 'length', left: 0 };
    } else if (/chunked/i.test(HEADER.transferEncoding.exec(head)?.[1] ?? '')) {
      this.framing = { kind: 'chunk-size' };
    } else {
      const length = HEADER.contentLength.exec(head)?.[1];
      if (length === undefined) throw new Error('answer without Content-Length or chunked framing');
      this.framing = { kind: 'length', left: Number(length) };
    }
    if (this.framing.kind === 'length' && this.framing.left === 0) this.finish();
  }

  private readBody(data: Buffer, off: number): number {
    const f = this.framing!;
    if (f.kind === 'length' || f.kind === 'chunk-data') {
      const take = Math.min(f.left, data.length - off);
      f.left -= take;
      this.bytes += take;
      if (f.left === 0) {
        if (f.kind === 'length') this.finish();
        else this.framing = { kind: 'chunk-end' };
      }
      return off + take;
    }
    const found = this.takeUntil(data, off, '\r\n', 'line');
    if (found === null) return data.length;
    this.endLine(found.text);
    return found.next;
  }

  private endLine(line: string): void {
    const f = this.framing!;
    if (f.kind === 'chunk-end') {
      if (line !== '') throw new Error('chunk not followed by CRLF');
      this.framing = { kind: 'chunk-size' };
    } else if (f.kind === 'chunk-size') {
      const size = parseInt(line.split(';')[0]!, 16);
      if (!Number.isFinite(size)) throw new Error(`bad chunk size ${JSON.stringify(line)}`);
      this.framing = size === 0 ? { kind: 'trailer' } : { kind: 'chunk-data', left: size };
    } else if (line === '') {
      this.finish();
    }
  }

  private finish(): void {
    this.framing = null;
    this.onDone({ status: this.status, bytes: this.bytes }, !this.closeAfter);
  }
}

interface Connection {
  socket: Socket;
  waiting: { resolve: (r: CountedReply) => void; reject: (e: Error) => void } | null;
}

/** Keep-alive connections to one host and port, each answering one GET at a time. */
export class CountingReader {
  private readonly idle: Connection[] = [];
  private readonly all = new Set<Connection>();

  constructor(
    private readonly host: string,
    private readonly port: number,
  ) {}

  /** GET `path` with `headers` (no body); resolves once the whole answer has been counted. */
  get(path: string, headers: Record<string, string>): Promise<CountedReply> {
    const conn = this.idle.pop() ?? this.open();
    let request = `GET ${path} HTTP/1.1\r\nHost: ${this.host}:${this.port}\r\n`;
    for (const [name, value] of Object.entries(headers)) request += `${name}: ${value}\r\n`;
    return new Promise((resolve, reject) => {
      conn.waiting = { resolve, reject };
      conn.socket.write(`${request}\r\n`);
    });
  }

  /** Closes every connection (a later `get` opens new ones). */
  close(): void {
    for (const conn of this.all) conn.socket.destroy();
    this.all.clear();
    this.idle.length = 0;
  }

  private open(): Connection {
    const conn: Connection = { socket: undefined as unknown as Socket, waiting: null };
    const parser = new AnswerParser((reply, keepAlive) => {
      const waiting = conn.waiting;
      conn.waiting = null;
      if (keepAlive) this.idle.push(conn);
      else this.drop(conn);
      waiting?.resolve(reply);
    });
    const fail = (error: Error): void => {
      this.drop(conn);
      const waiting = conn.waiting;
      conn.waiting = null;
      waiting?.reject(error);
    };
    conn.socket = connect({
      host: this.host,
      port: this.port,
      noDelay: true,
      onread: {
        buffer: Buffer.allocUnsafe(READ_BUFFER_BYTES),
        callback: (length: number, buf: Buffer) => {
          try {
            parser.feed(buf, length);
          } catch (e) {
            fail(e instanceof Error ? e : new Error(String(e)));
            conn.socket.destroy();
          }
          return true;
        },
      },
    });
    conn.socket.on('error', fail);
    conn.socket.on('close', () => fail(new Error('connection closed before the answer ended')));
    this.all.add(conn);
    return conn;
  }

  private drop(conn: Connection): void {
    this.all.delete(conn);
    const i = this.idle.indexOf(conn);
    if (i >= 0) this.idle.splice(i, 1);
    if (!conn.socket.destroyed) conn.socket.end();
  }
}
