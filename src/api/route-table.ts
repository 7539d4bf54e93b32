import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export type HttpMethod = 'GET' | 'POST' | 'DELETE';

export type Handler = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown> | unknown;

/** Heketi's `{id:[A-Fa-f0-9]+}`: hex of any length and case. */
export const ID = '(^[A-Fa-f0-9]+$)';

/**
 * Keeps the list of routes so the not-found handler can tell Heketi's 405 (known path, other
 * method) from its 404 `Invalid path or request`, and redirect a trailing slash with 301 as
 * gorilla/mux's StrictSlash does.
 */
export class RouteTable {
  private readonly patterns: { method: HttpMethod; regex: RegExp }[] = [];

  constructor(private readonly app: FastifyInstance) {}

  add(method: HttpMethod, path: string, handler: Handler): void {
    this.patterns.push({ method, regex: toRegex(path) });
    this.app.route({ method, url: path, handler });
  }

  get(path: string, handler: Handler): void {
    this.add('GET', path, handler);
  }

  post(path: string, handler: Handler): void {
    this.add('POST', path, handler);
  }

  delete(path: string, handler: Handler): void {
    this.add('DELETE', path, handler);
  }

  /** Whether some route serves this path with any method. */
  knowsPath(path: string): boolean {
    return this.patterns.some((p) => p.regex.test(path));
  }
}

function toRegex(path: string): RegExp {
  const source = path
    .split('/')
    .map((part) => (part.startsWith(':') ? '[A-Fa-f0-9]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${source}$`);
}
