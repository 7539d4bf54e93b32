/**
 * The one error catalogue. Every failure that reaches a user is an AppError with a stable code and
 * the HTTP status Heketi answers with; the message is Heketi's text where Heketi has one. The HTTP
 * error handler writes `message + "\n"` as text/plain, so routes never choose statuses.
 */

export type ErrorCode =
  | 'PARSE_FAILED'
  | 'VALIDATION_FAILED'
  | 'BAD_REQUEST'
  | 'NOT_FOUND'
  | 'INVALID_PATH'
  | 'METHOD_NOT_ALLOWED'
  | 'CONFLICT'
  | 'UNAUTHORIZED'
  | 'TOO_MANY_OPERATIONS'
  | 'MAINTENANCE'
  | 'NO_SPACE'
  | 'OPERATION_FAILED'
  | 'REMOTE_COMMAND_FAILED'
  | 'INTERNAL';

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly httpStatus: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }

  /**
   * What the server log says beyond the response text, when Heketi's text hides the cause
   * (e.g. a token without `exp` is "expired" in Heketi's words). Never sent to the client.
   */
  logDetail?: string;

  withLogDetail(detail: string): this {
    this.logDetail = detail;
    return this;
  }

  /**
   * Heketi's exact text where heketi-ts's message appends a cause to it; answered instead of the
   * message when `error_details` is false (the message is then logged).
   */
  heketiText?: string;

  withHeketiText(text: string): this {
    this.heketiText = text;
    return this;
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;

/** Heketi's ErrConflict text (errors.go), used for "pending operation in the way" cases. */
export const CONFLICT_TEXT = 'The target exists, contains other items, or is in use.';

export const Errors = {
  /** Heketi's 422 text; heketi-ts appends the decoder's reason (Go's error text) so the client sees where. */
  parse: (detail?: string) =>
    detail
      ? new AppError('PARSE_FAILED', 422, `request unable to be parsed: ${detail}`).withHeketiText('request unable to be parsed')
      : new AppError('PARSE_FAILED', 422, 'request unable to be parsed'),
  /** /admin and /internal/logging answer 400 with the decoder's message appended. */
  parseWithDetail: (detail: string) => new AppError('PARSE_FAILED', 400, `request unable to be parsed: ${detail}`),
  validation: (detail: string) => new AppError('VALIDATION_FAILED', 400, `validation failed: ${detail}`),
  badRequest: (message: string) => new AppError('BAD_REQUEST', 400, message),
  unprocessable: (message: string) => new AppError('BAD_REQUEST', 422, message),
  notFound: () => new AppError('NOT_FOUND', 404, 'Id not found'),
  notFoundWith: (message: string) => new AppError('NOT_FOUND', 404, message),
  invalidPath: () => new AppError('INVALID_PATH', 404, 'Invalid path or request'),
  methodNotAllowed: () => new AppError('METHOD_NOT_ALLOWED', 405, ''),
  conflict: (message: string = CONFLICT_TEXT) => new AppError('CONFLICT', 409, message),
  unauthorized: (message: string) => new AppError('UNAUTHORIZED', 401, message),
  badAuthHeader: () => new AppError('UNAUTHORIZED', 400, 'Authorization header format must be Bearer {token}'),
  /** Heketi's 429; heketi-ts adds Retry-After unless `retryAfterSeconds` is 0 (Heketi sent none). */
  tooManyOperations: (retryAfterSeconds: number) =>
    new AppError('TOO_MANY_OPERATIONS', 429, 'Server busy. Retry operation later.', retryAfterSeconds > 0 ? { 'Retry-After': String(retryAfterSeconds) } : {}),
  maintenance: () => new AppError('MAINTENANCE', 503, 'Service disabled for maintenance'),
  /** A synchronous failure of an operation's build phase: HTTP 500 `<prefix>: <reason>`. */
  operationFailed: (message: string) => new AppError('OPERATION_FAILED', 500, message),
  internal: (message: string) => new AppError('INTERNAL', 500, message),
};
