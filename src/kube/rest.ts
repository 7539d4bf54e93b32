/**
 * JSON requests to the Kubernetes API: the few core/v1 calls heketi-ts makes (pods, one secret),
 * over node:https with the connection's TLS options and token. heketi-ts reads a handful of fields
 * of each answer, so the client's generated APIs and models (and their memory, access.ts) are
 * not needed for them.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';
import type { KubeAccess } from './access.js';

/** The API server answered with an error status; `body` is its text (a metav1.Status as JSON). */
export class KubeApiError extends Error {
  constructor(
    readonly code: number,
    readonly body: string,
  ) {
    super(`HTTP ${code}`);
    this.name = 'KubeApiError';
  }
}

/** No answer in this long is an error (the client's requests had no bound; a hung API would hang a start). */
const REQUEST_TIMEOUT_MS = 30_000;

export type KubeRequest = (method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown) => Promise<unknown>;

/** `path` is the API path with its query, each value already URI-encoded by the caller. */
export const kubeRequester =
  (access: KubeAccess): KubeRequest =>
  async (method, path, body) => {
    const cluster = access.getCurrentCluster();
    if (!cluster) throw new Error('No cluster is defined.');
    const url = new URL(path, cluster.server);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const options: RequestOptions = {
      method,
      headers: { Accept: 'application/json', ...(payload === undefined ? {} : { 'Content-Type': 'application/json' }) },
      timeout: REQUEST_TIMEOUT_MS,
    };
    await access.applyToHTTPSOptions(options);
    if (cluster.skipTLSVerify) options.rejectUnauthorized = false;
    const plain = url.protocol === 'http:';
    // A KubeConfig hands over an https.Agent, which cannot carry a plain-HTTP request.
    if (plain) delete options.agent;
    const send = plain ? httpRequest : httpsRequest;
    return new Promise<unknown>((resolve, reject) => {
      const req = send(url, options, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const status = res.statusCode ?? 0;
          if (status < 200 || status > 299) return reject(new KubeApiError(status, text));
          try {
            resolve(text === '' ? undefined : (JSON.parse(text) as unknown));
          } catch {
            reject(new Error(`${method} ${url.pathname}: the API answered ${status} with a body that is not JSON`));
          }
        });
      });
      req.on('timeout', () => req.destroy(new Error(`${method} ${url.pathname}: no answer from the Kubernetes API in ${REQUEST_TIMEOUT_MS / 1000} s`)));
      req.on('error', reject);
      req.end(payload);
    });
  };

