/**
 * A short, readable text for an error of a Kubernetes API call (rest.ts's KubeApiError, or an
 * ApiException of @kubernetes/client-node): the Kubernetes Status message of an HTTP error (which
 * names the verb, resource and namespace RBAC refused), or the network error, instead of a
 * multi-line dump with headers.
 */

interface ApiExceptionLike {
  code: number;
  body: unknown;
}

const isApiException = (e: unknown): e is ApiExceptionLike =>
  typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'number' && 'body' in e;

const statusMessage = (body: unknown): string | undefined => {
  let value = body;
  if (typeof body === 'string') {
    try {
      value = JSON.parse(body) as unknown;
    } catch {
      return body.trim() || undefined;
    }
  }
  const message = (value as { message?: unknown } | null | undefined)?.message;
  return typeof message === 'string' && message !== '' ? message : undefined;
};

export const kubeErrorText = (e: unknown): string => {
  if (isApiException(e)) {
    if (e.code === 401) return 'HTTP 401 Unauthorized: the Kubernetes API refused the credentials (token expired or wrong?)';
    return `HTTP ${e.code}: ${statusMessage(e.body) ?? 'no message'}`;
  }
  if (e instanceof Error) {
    const cause = (e as { cause?: unknown }).cause;
    return cause instanceof Error && cause.message && !e.message.includes(cause.message) ? `${e.message}: ${cause.message}` : e.message;
  }
  return String(e);
};
