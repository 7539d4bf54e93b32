import { readFileSync } from 'node:fs';
import { request, type RequestOptions } from 'node:https';
import { X509Certificate } from 'node:crypto';

/**
 * heketi-cli's TLS flags: `-I/--insecure-tls` skips the server certificate check, `-C/--tls-cert FILE`
 * (repeatable) makes the given PEM certificates the only trusted roots (client/api/go-client
 * SetTLSOptions). Node's fetch cannot take either per request, so with one of them set the client
 * speaks https through node:https and hands back a standard Response.
 */
export interface ClientTlsOptions {
  insecure: boolean;
  certFiles: string[];
}

/** The roots from the -C files, with heketi-cli's messages for an unreadable or non-PEM file. */
export function readTrustedCerts(files: string[]): string[] {
  return files.map((file) => {
    let pem: string;
    try {
      pem = readFileSync(file, 'utf8');
    } catch (error) {
      throw new Error(`failed to read cert file ${file}: ${(error as Error).message}`);
    }
    try {
      new X509Certificate(pem);
    } catch {
      throw new Error(`failed to load PEM encoded cert from ${file}`);
    }
    return pem;
  });
}

const NO_BODY = new Set([101, 204, 205, 304]);

const toHeaders = (raw: NodeJS.Dict<string | string[]>): Headers => {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, one);
  }
  return headers;
};

/** A fetch for https URLs with the given trust settings; other URLs go to the global fetch. */
export function tlsFetch(options: ClientTlsOptions): typeof fetch {
  const ca = options.certFiles.length > 0 ? readTrustedCerts(options.certFiles) : undefined;
  const tls: RequestOptions = { rejectUnauthorized: !options.insecure, ...(ca ? { ca } : {}) };
  return (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.protocol !== 'https:') return fetch(input, init);
    return new Promise<Response>((resolve, reject) => {
      const headers = Object.fromEntries(new Headers(init?.headers).entries());
      const req = request(url, { ...tls, method: init?.method ?? 'GET', headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const status = res.statusCode ?? 500;
          const body = NO_BODY.has(status) ? null : Buffer.concat(chunks);
          resolve(new Response(body, { status, statusText: res.statusMessage ?? '', headers: toHeaders(res.headers) }));
        });
      });
      // Shaped as fetch fails, so the caller's "cause" reporting works the same.
      req.on('error', (error) => reject(Object.assign(new TypeError('fetch failed'), { cause: error })));
      const body = init?.body;
      if (body !== undefined && body !== null) req.write(body as Buffer | string);
      req.end();
    });
  };
}
