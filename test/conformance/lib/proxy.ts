/**
 * A recording HTTP proxy: every exchange between a client and the server behind it is kept, in
 * the order the requests arrived, with the bodies as the server sent them. With a ClientOrder the
 * client gets the lists it walks in first-appearance order (corpus rule 8); what is kept is the
 * server's answer.
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ClientOrder } from './client-order.js';
import type { WireRequest, WireResponse } from './exchange.js';

export interface Captured {
  seq: number;
  request: WireRequest;
  response: WireResponse;
}

async function readBody(stream: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export class RecordingProxy {
  readonly captured: Captured[] = [];
  private seq = 0;
  private constructor(private readonly server: Server) {}

  /** Listens on 127.0.0.1:`port` (0: any free port) and forwards to `target` (host:port). */
  static async start(port: number, target: { host: string; port: number }, order?: ClientOrder): Promise<RecordingProxy> {
    let proxy: RecordingProxy | undefined;
    const server = createServer((req, res) => {
      const seq = ++proxy!.seq;
      void (async () => {
        const body = await readBody(req);
        order?.request(req.url ?? '/', body);
        const headers = { ...req.headers, host: `${target.host}:${target.port}` };
        const upstream = httpRequest({ host: target.host, port: target.port, method: req.method, path: req.url, headers });
        upstream.on('response', (up) => {
          void readBody(up).then((text) => {
            const kept: Record<string, string> = {};
            for (const [k, v] of Object.entries(up.headers)) if (typeof v === 'string') kept[k] = v;
            proxy!.captured.push({
              seq,
              request: {
                method: req.method ?? 'GET',
                path: req.url ?? '/',
                authorization: req.headers.authorization,
                contentType: req.headers['content-type'],
                body,
              },
              response: { status: up.statusCode ?? 0, headers: kept, body: text },
            });
            let sent = text;
            try {
              sent = order ? order.response(req.method ?? 'GET', req.url ?? '/', up.statusCode ?? 0, kept, text) : text;
            } catch (e) {
              res.writeHead(502);
              res.end(String(e));
              return;
            }
            const { 'transfer-encoding': _chunked, ...plain } = up.headers;
            res.writeHead(up.statusCode ?? 502, sent === text ? up.headers : { ...plain, 'content-length': String(Buffer.byteLength(sent)) });
            res.end(sent);
          });
        });
        upstream.on('error', (e) => {
          res.writeHead(502);
          res.end(String(e));
        });
        upstream.end(body);
      })();
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    proxy = new RecordingProxy(server);
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The exchanges in request-arrival order. */
  exchanges(): Captured[] {
    return [...this.captured].sort((a, b) => a.seq - b.seq);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
