import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, Errors, isAppError } from '../../domain/errors.js';
import { TEXT_CONTENT_TYPE } from '../http/go-json.js';
import type { RouteTable } from '../route-table.js';

/**
 * Heketi's HTTP conventions that are not routes:
 * - every body is read as text whatever its Content-Type (routes decode it like Go's json);
 * - errors are text/plain with a trailing newline and `X-Content-Type-Options: nosniff`; with
 *   `errorDetails` false, Heketi's exact text where heketi-ts appends a cause (the log keeps it);
 * - an unknown path is 404 `Invalid path or request`, a known path with another method 405 with
 *   an empty body, a trailing slash a 301 to the canonical path.
 */
export function registerHeketiHttp(app: FastifyInstance, routes: RouteTable, options: { errorDetails: boolean } = { errorDetails: true }): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));

  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    const appError = toAppError(error);
    logRefusal(request, appError, error);
    const text = options.errorDetails ? appError.message : (appError.heketiText ?? appError.message);
    for (const [k, v] of Object.entries(appError.headers)) reply.header(k, v);
    if (appError.httpStatus === 405) return reply.code(405).send();
    return reply
      .code(appError.httpStatus)
      .header('Content-Type', TEXT_CONTENT_TYPE)
      .header('X-Content-Type-Options', 'nosniff')
      .send(`${text}\n`);
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

/**
 * One line per refused request with its reason: 401s and 5xx at warn (an operator wants to see
 * forged tokens and server faults), other 4xx at info; an unexpected exception at error with its
 * stack. The reason is the response text plus the error's log-only detail; never a header.
 */
function logRefusal(request: FastifyRequest, appError: AppError, original: unknown): void {
  const status = appError.httpStatus;
  const line = {
    status,
    code: appError.code,
    reason: appError.message,
    ...(appError.logDetail ? { detail: appError.logDetail } : {}),
  };
  if (status >= 500 && !isAppError(original)) request.log.error({ ...line, err: original }, 'unexpected error');
  else if (status >= 500 || status === 401 || appError.code === 'UNAUTHORIZED') request.log.warn(line, 'request refused');
  else request.log.info(line, 'request refused');
}

function toAppError(error: FastifyError | AppError): AppError {
  if (isAppError(error)) return error;
  const status = (error as FastifyError).statusCode;
  if (status === 413) return new AppError('BAD_REQUEST', 413, 'http: request body too large');
  if (status !== undefined && status >= 400 && status < 500) return new AppError('BAD_REQUEST', status, error.message);
  return Errors.internal(error.message);
}
