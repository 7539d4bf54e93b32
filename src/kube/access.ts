/**
 * What heketi-ts needs of a Kubernetes connection: where the API server is, and the TLS options and
 * Authorization header of one request. It is the part of @kubernetes/client-node's KubeConfig that
 * the client's WebSocket exec (web-socket-handler.js) calls, so a KubeConfig is one too.
 *
 * In a pod, heketi-ts builds its own (InClusterAccess) instead of a KubeConfig: importing the
 * client's config module loads every generated API and model of the client, ~75 MiB of resident
 * memory in a server that otherwise idles at ~90 MiB (docs/benchmarks.md, "Memory").
 */
import { readFileSync } from 'node:fs';
import type { RequestOptions } from 'node:https';

export interface KubeCluster {
  name: string;
  /** https://host:port (or http:// for the API server's plain ports). */
  server: string;
  caFile?: string;
  skipTLSVerify: boolean;
}

export interface KubeAccess {
  getCurrentCluster(): KubeCluster | null;
  /** Adds the CA, client certificate and Authorization header a request needs. */
  applyToHTTPSOptions(options: RequestOptions): Promise<void>;
}

/** How long a read token is used before the file is read again (client-node's FileAuth: 60 s). */
const TOKEN_REREAD_MS = 60_000;

/**
 * The pod's service account: the CA read once, the token file read again at least every minute
 * (as client-node's FileAuth), so a rotated (bound, expiring) token is picked up; the kubelet
 * rotates it well before it expires.
 */
export class InClusterAccess implements KubeAccess {
  private readonly cluster: KubeCluster;
  private ca: Buffer | null = null;
  private token = '';
  private tokenReadAt = -Infinity;

  constructor(
    server: string,
    private readonly caFile: string,
    private readonly tokenFile: string,
  ) {
    this.cluster = { name: 'inCluster', server, caFile, skipTLSVerify: false };
  }

  getCurrentCluster(): KubeCluster {
    return this.cluster;
  }

  applyToHTTPSOptions(options: RequestOptions): Promise<void> {
    this.ca ??= readFileSync(this.caFile);
    options.ca = this.ca;
    options.headers = { ...options.headers, Authorization: `Bearer ${this.currentToken()}` };
    return Promise.resolve();
  }

  private currentToken(): string {
    const now = Date.now();
    if (now - this.tokenReadAt >= TOKEN_REREAD_MS) {
      this.token = readFileSync(this.tokenFile, 'utf8').trim();
      this.tokenReadAt = now;
    }
    return this.token;
  }
}
