import fastifyStatic from '@fastify/static';
import AjvCompiler from '@fastify/ajv-compiler';
import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import { LifecircleError } from '@lifecircle/shared';
import Fastify, { type FastifyInstance } from 'fastify';
import { authenticate, CSRF_HEADER } from './auth/guard.js';
import { SESSION_COOKIE } from './auth/sessions.js';
import { resolveConfig, type AppDeps, type BasemapConfig } from './deps.js';
import { frameworkErrorHandler, installErrorHandling } from './errors/error-handler.js';
import { registerAdminRoutes } from './routes/admin-routes.js';
import { registerAuthRoutes } from './routes/auth-routes.js';
import { registerConfigRoutes } from './routes/config-routes.js';
import { registerEvaluationPhotoRoutes } from './routes/evaluation-photo-routes.js';
import type { RouteContext } from './routes/context.js';
import { registerFeedbackRoutes } from './routes/feedback-routes.js';
import { registerMerchantRoutes } from './routes/merchant-routes.js';
import { registerPlannerRoutes } from './routes/planner-routes.js';
import { registerMapRoutes } from './routes/map-routes.js';
import { registerPublicRoutes, SERVER_VERSION } from './routes/public-routes.js';
import { registerStreetRoutes } from './routes/street-routes.js';
import { OneLinePerRequest } from './request-log.js';
import { ErrorResponse } from './schemas/common.js';
import { refuseNulCharacters } from './refuse-nul-characters.js';

const coercingFactory = AjvCompiler();
const exactFactory = AjvCompiler();

/**
 * Query strings and path parameters arrive as text, so their validator
 * coerces types ("12" → 12); JSON bodies are typed already, and coercing them
 * would turn `null` into 0 (a position at longitude 0) or `"Infinity"` into a
 * number: their validator does not coerce.
 */
const exactBodyValidator: AjvCompiler.ValidatorFactory = (externalSchemas, options) => {
  const coercing = coercingFactory(externalSchemas, options);
  const customOptions = { ...(options?.customOptions as Record<string, unknown> | undefined), coerceTypes: false };
  const exact = exactFactory(externalSchemas, { ...options, customOptions } as Parameters<AjvCompiler.ValidatorFactory>[1]);
  return (route) => (route.httpPart === 'body' ? exact(route) : coercing(route));
};

/** One registered route, as the access-matrix test and the OpenAPI check see it. */
export interface RegisteredRoute {
  method: string;
  url: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route registered on the app (HEAD routes Fastify adds for GETs excluded). */
    registeredRoutes: RegisteredRoute[];
  }
}

/** Incoming request ids are kept when short and plain; anything else is replaced (they end up in logs). */
const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,100}$/;

const API_DESCRIPTION = [
  'lifecircle: the 15-minute convenient living circle (一刻钟便民生活圈) platform.',
  '',
  `Authentication: POST /api/auth/login returns a token and sets the \`${SESSION_COOKIE}\` cookie (HttpOnly, SameSite=Strict).`,
  'Send the token as `Authorization: Bearer <token>`, or rely on the cookie.',
  `CSRF: a cookie-authenticated POST, PUT, PATCH or DELETE must carry the header \`${CSRF_HEADER}: 1\`; otherwise it is refused with 403 FORBIDDEN. Bearer-token requests need not send it.`,
  '',
  'Errors: every error is `{ error: { code, message, details, requestId } }`; the message is in Chinese unless `?lang=en` or `Accept-Language: en`.',
].join('\n');

/**
 * The Content-Security-Policy of every response, written for the web app: its own scripts and styles only,
 * MapLibre's workers from blob: URLs, its control icons as data: images, API calls to the same origin, and
 * the tiles of a configured basemap, and no framing (clickjacking). `isTls` adds upgrade-insecure-requests.
 */
export function contentSecurityPolicy(isTls: boolean, basemap?: BasemapConfig | null): Record<string, string[]> {
  // A configured online basemap is the one other origin the map may fetch from (its tiles).
  const tileOrigins = [...new Set((basemap?.tiles ?? []).map((template) => new URL(template.replace(/\{\w+\}/g, '0')).origin))];
  return {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'style-src': ["'self'"],
    'img-src': ["'self'", 'data:', 'blob:', ...tileOrigins],
    'font-src': ["'self'", 'data:'],
    // blob: URLs are objects the page made itself (evaluation photos fetched with the token).
    'connect-src': ["'self'", 'blob:', ...tileOrigins],
    'worker-src': ["'self'", 'blob:'],
    'child-src': ["'self'", 'blob:'],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
    ...(isTls ? { 'upgrade-insecure-requests': [] } : {}),
  };
}

/**
 * Builds the HTTP API on its dependencies (nothing here reads the
 * environment): plugins, the error handler, authentication and every route.
 * The app is ready (`app.ready()` done) when the promise resolves.
 */
export async function createApp(deps: AppDeps): Promise<FastifyInstance> {
  const config = resolveConfig(deps.config);
  const now = deps.now ?? (() => new Date());
  const app = Fastify({
    logger: deps.logger ?? false,
    logController: new OneLinePerRequest(),
    trustProxy: config.trustProxy,
    bodyLimit: config.bodyLimitBytes,
    routerOptions: { maxParamLength: config.pathParameterLimitBytes },
    frameworkErrors: frameworkErrorHandler(config.pathParameterLimitBytes),
    requestIdHeader: false,
    genReqId: (request) => {
      const incoming = request.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID_PATTERN.test(incoming) ? incoming : randomUUID();
    },
    ajv: {
      customOptions: { allErrors: false, coerceTypes: 'array', useDefaults: true, removeAdditional: true, strictNumbers: false },
    },
    // (strictNumbers: false makes coerced query numbers such as "Infinity" fail their range checks instead of passing as Infinity.)
    schemaController: { compilersFactory: { buildValidator: exactBodyValidator } },
  });

  const routes: RegisteredRoute[] = [];
  app.decorate('registeredRoutes', routes);
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) if (method !== 'HEAD') routes.push({ method, url: route.url });
  });

  installErrorHandling(app);
  app.addSchema(ErrorResponse);
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy(config.cookieSecure, deps.basemap) },
    // Browsers ignore HSTS over plain HTTP, and a local demo must not pin localhost to HTTPS: only behind TLS.
    hsts: config.cookieSecure ? { maxAge: 365 * 24 * 3600, includeSubDomains: true } : false,
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
  });
  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'lifecircle API', version: SERVER_VERSION, description: API_DESCRIPTION },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
        },
      },
      tags: [
        { name: 'public', description: 'Open to everyone' },
        { name: 'feedback', description: "Residents' anonymous reports, requests and survey answers" },
        { name: 'auth', description: 'Sign-in and accounts' },
        { name: 'merchant', description: 'A merchant’s own outlets' },
        { name: 'street', description: 'Street offices (the commission: every street)' },
        { name: 'admin', description: 'The district commerce commission' },
      ],
    },
  });
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) =>
      new LifecircleError('RATE_LIMITED', { retryAfterS: Math.max(1, Math.ceil(context.ttl / 1000)) }),
  });

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    // Before anything reads it: a URL past the limit is refused whole (query strings have no other bound).
    if (Buffer.byteLength(request.url) > config.urlLimitBytes) {
      throw new LifecircleError('PAYLOAD_TOO_LARGE', { limit: config.urlLimitBytes, part: 'url' });
    }
  });
  app.addHook('onRequest', authenticate(deps.store, now));
  app.addHook('preHandler', refuseNulCharacters);
  // What a signed-in user is shown (their outlets, street reports, survey answers) stays out of shared caches.
  app.addHook('onSend', async (request, reply) => {
    if (request.auth !== null && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
  });

  const context: RouteContext = { app, deps, config, now };
  // Outlets, compounds, boundaries or the network changed: the planner's in-memory model is stale.
  const dataRoutes = /^\/api\/(merchant\/outlets|street\/outlets|admin\/outlets|admin\/imports)/;
  app.addHook('onResponse', async (request, reply) => {
    if (deps.planner && request.method !== 'GET' && reply.statusCode < 400 && dataRoutes.test(request.url))
      deps.planner.invalidate();
  });
  registerPublicRoutes(context);
  registerConfigRoutes(context);
  registerFeedbackRoutes(context);
  registerAuthRoutes(context);
  registerMerchantRoutes(context);
  registerStreetRoutes(context);
  registerEvaluationPhotoRoutes(context);
  registerAdminRoutes(context);
  registerPlannerRoutes(context);
  registerMapRoutes(context);
  if (deps.webRoot !== undefined) {
    // The web app, same origin as the API; hash routes, so only files and index.html are served.
    await app.register(fastifyStatic, { root: deps.webRoot, prefix: '/', index: 'index.html', wildcard: true });
  }

  await app.ready();
  return app;
}
