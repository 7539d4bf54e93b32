/**
 * A scripted Heketi stand-in for client and CLI tests: a real HTTP server on 127.0.0.1 port 0
 * that records every request and answers from a handler the test supplies. Tokens are checked
 * with the server's own checkAuth, so a signing mistake fails the test as a real server would.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkAuth } from '../api/auth/check-auth.js';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface ScriptedReply {
  status: number;
  headers?: Record<string, string>;
  /** A string is sent as text/plain; anything else as JSON. */
  body?: unknown;
}

export type ScriptHandler = (request: RecordedRequest) => ScriptedReply;

export interface ScriptedServer {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export const TEST_ADMIN_KEY = 'admin-secret';
export const TEST_USER_KEY = 'user-secret';

function authFailure(request: RecordedRequest): ScriptedReply | undefined {
  const result = checkAuth({
    authorization: request.headers.authorization,
    method: request.method,
    path: request.path,
    adminKey: TEST_ADMIN_KEY,
    userKey: TEST_USER_KEY,
    nowSeconds: Math.floor(Date.now() / 1000),
    iatLeewaySeconds: 120,
  });
  return result.ok ? undefined : { status: result.error.httpStatus, body: `${result.error.message}\n` };
}

function encode(reply: ScriptedReply): { headers: Record<string, string>; payload: string } {
  if (reply.body === undefined) return { headers: reply.headers ?? {}, payload: '' };
  const isText = typeof reply.body === 'string';
  const contentType = isText ? 'text/plain; charset=utf-8' : 'application/json; charset=UTF-8';
  const payload = isText ? (reply.body as string) : `${JSON.stringify(reply.body)}\n`;
  return { headers: { 'Content-Type': contentType, ...reply.headers }, payload };
}

/** Starts the server; `checkTokens` (default true) rejects requests Heketi would reject. */
export async function startScriptedServer(handler: ScriptHandler, checkTokens = true): Promise<ScriptedServer> {
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const request = { method: req.method ?? 'GET', path: decodeURIComponent(url.pathname), headers: req.headers, body: Buffer.concat(chunks).toString() };
      requests.push(request);
      const reply = (checkTokens && authFailure(request)) || handler(request);
      const { headers, payload } = encode(reply);
      res.writeHead(reply.status, headers);
      res.end(payload);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
