import type { FastifyError, FastifyInstance } from 'fastify';
import { AppError, Errors, isAppError } from '../../domain/errors.js';
import { TEXT_CONTENT_TYPE } from '../http/go-json.js';
import type { RouteTable } from '../route-table.js';

/**
 * Heketi's HTTP conventions that are not routes:
 * - every body is read as text whatever its Content-Type (routes decode it like Go's json);
 * - errors are text/plain with a trailing newline and `X-Content-Type-Options: nosniff`;
 * - an unknown path is 404 `Invalid path or request`, a known path with another method 405 with
 *   an empty body, a trailing slash a 301 to the canonical path.
 */
export function registerHeketiHttp(app: FastifyInstance, routes: RouteTable): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));

  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    const appError = toAppError(error);
    if (appError.httpStatus >= 500 && !isAppError(error)) request.log.error({ err: error }, 'unexpected error');
    for (const [k, v] of Object.entries(appError.headers)) reply.header(k, v);
    if (appError.httpStatus === 405) return reply.code(405).send();
    return reply
      .code(appError.httpStatus)
      .header('Content-Type', TEXT_CONTENT_TYPE)
      .header('X-Content-Type-Options', 'nosniff')
      .send(`${appError.message}\n`);
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]!;
    if (path.length > 1 && path.endsWith('/') && routes.knowsPath(path.replace(/\/+$/, ''))) {
      const target = path.replace(/\/+$/, '');
      return reply.code(301).header('Location', target).header('Content-Type', 'text/html; charset=utf-8').send(
        `<a href="${target}">Moved Permanently</a>.\n\n`,
      );
    }
    throw routes.knowsPath(path) ? Errors.methodNotAllowed() : Errors.invalidPath();
  });
}

function toAppError(error: FastifyError | AppError): AppError {
  if (isAppError(error)) return error;
  const status = (error as FastifyError).statusCode;
  if (status === 413) return new AppError('BAD_REQUEST', 413, 'http: request body too large');
  if (status !== undefined && status >= 400 && status < 500) return new AppError('BAD_REQUEST', status, error.message);
  return Errors.internal(error.message);
}
