import { errorRegistry, LifecircleError, type ErrorDetails } from '@lifecircle/shared';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requestLocale } from './locale.js';

/** Codes an operator must hear about: logged with their stack at error level. */
const STORE_FAULTS = new Set(['INTERNAL', 'STORE_UNAVAILABLE', 'STORE_FULL', 'STORE_READ_ONLY']);

/** The body of every error response. */
export interface ErrorBody {
  error: { code: string; message: string; details: ErrorDetails; requestId: string };
}

/**
 * Installs the one place where errors become `{ error: { code, message,
 * details, requestId } }` with the registry's status: LifecircleErrors as they
 * are, schema validation failures as VALIDATION naming the field, oversized
 * bodies as PAYLOAD_TOO_LARGE, unknown routes as NOT_FOUND and anything else as
 * a logged 500 INTERNAL.
 */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const known = toLifecircleError(error, request);
    if (known === null) {
      request.log.error({ err: error }, 'unhandled error');
      return send(request, reply, new LifecircleError('INTERNAL', { reason: `request ${request.id}` }));
    }
    if (STORE_FAULTS.has(known.code)) request.log.error({ err: error }, known.message);
    return send(request, reply, known);
  });
  app.setNotFoundHandler((request, reply) =>
    send(
      request,
      reply,
      new LifecircleError('NOT_FOUND', { entity: 'route', id: `${request.method} ${request.url.split('?')[0]}` }),
    ),
  );
}

/**
 * Fastify's `frameworkErrors`: errors its router raises before any hook or
 * handler (a path parameter past `maxParamLength`, bad percent-encoding in
 * the path), which it would otherwise answer in its own shape.
 */
export function frameworkErrorHandler(pathParameterLimitBytes: number) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    // No hook ran: the request id header every answer carries is set here.
    reply.header('x-request-id', request.id);
    if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
      return send(
        request,
        reply,
        new LifecircleError('PAYLOAD_TOO_LARGE', { limit: pathParameterLimitBytes, part: 'path parameter' }),
      );
    }
    if (error.code === 'FST_ERR_BAD_URL') {
      return send(
        request,
        reply,
        new LifecircleError('VALIDATION', { field: 'url', reason: 'not a valid URL (bad percent-encoding)' }),
      );
    }
    request.log.error({ err: error }, 'framework error');
    return send(request, reply, new LifecircleError('INTERNAL', { reason: `request ${request.id}` }));
  };
}

function send(request: FastifyRequest, reply: FastifyReply, error: LifecircleError): FastifyReply {
  const locale = requestLocale(request.url, request.headers['accept-language']);
  const body: ErrorBody = {
    error: {
      code: error.code,
      message: error.localized(locale),
      details: serializableDetails(error.details),
      requestId: request.id,
    },
  };
  if (error.code === 'RATE_LIMITED') reply.header('retry-after', String(error.details.retryAfterS));
  return reply.status(errorRegistry[error.code].status).type('application/json; charset=utf-8').send(body);
}

/**
 * Details as the response schema takes them: a number JSON cannot write
 * (Infinity, NaN, from a request's own odd value) becomes its text, or the
 * serializer would fail and turn a client's error into a 500.
 */
function serializableDetails(details: ErrorDetails): ErrorDetails {
  return Object.fromEntries(
    Object.entries(details).map(([key, value]) => [
      key,
      typeof value === 'number' && !Number.isFinite(value) ? String(value) : value,
    ]),
  );
}

/** Translates the errors we know (ours, Fastify's, the rate limiter's) into registry errors; null for the unknown. */
function toLifecircleError(error: FastifyError, request: FastifyRequest): LifecircleError | null {
  if (error instanceof LifecircleError) return error;
  if (error.validation !== undefined && error.validation.length > 0) {
    const first = error.validation[0]!;
    const params = first.params as Record<string, unknown>;
    const path = first.instancePath.replace(/^\//, '').replace(/\//g, '.');
    const missing = typeof params.missingProperty === 'string' ? params.missingProperty : null;
    const field = [path, missing].filter((part) => part !== null && part !== '').join('.') || (error.validationContext ?? 'body');
    return new LifecircleError('VALIDATION', { field, reason: first.message ?? 'invalid' }, { cause: error });
  }
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new LifecircleError(
        'PAYLOAD_TOO_LARGE',
        { limit: request.routeOptions.bodyLimit ?? 'configured', part: 'body' },
        { cause: error },
      );
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new LifecircleError('UNSUPPORTED_FORMAT', { file: 'request body', reason: error.message }, { cause: error });
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new LifecircleError('VALIDATION', { field: 'body', reason: error.message }, { cause: error });
  }
  if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
    // Other client errors Fastify raises (bad URL encoding, …) are the caller's request being invalid.
    return new LifecircleError('VALIDATION', { field: 'request', reason: error.message }, { cause: error });
  }
  return null;
}
