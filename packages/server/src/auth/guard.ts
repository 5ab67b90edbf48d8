import { LifecircleError, type Role, type User } from '@lifecircle/shared';
import type { Store } from '@lifecircle/store';
import type { FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import { hashToken, SESSION_COOKIE } from './sessions.js';

/** Who made a request, resolved once per request from the session cookie or a bearer token. */
export interface RequestAuth {
  user: User;
  tokenHash: string;
  via: 'cookie' | 'bearer';
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user, or null for anonymous requests. */
    auth: RequestAuth | null;
  }
}

/** The header a cookie-authenticated mutating request must carry (a custom header a cross-site form cannot send). */
export const CSRF_HEADER = 'x-lifecircle-csrf';
const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The token of a request: `Authorization: Bearer …` first, else the session cookie. */
function tokenOf(request: FastifyRequest): { token: string; via: 'cookie' | 'bearer' } | null {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (match !== null) return { token: match[1]!, via: 'bearer' };
  }
  const cookie = request.cookies[SESSION_COOKIE];
  return cookie !== undefined && cookie !== '' ? { token: cookie, via: 'cookie' } : null;
}

/**
 * An onRequest hook for every route: resolves the session (unknown, expired
 * and disabled users are anonymous) and refuses a cookie-authenticated
 * mutating request without the CSRF header.
 */
export function authenticate(store: Store, now: () => Date): onRequestHookHandler {
  return async (request: FastifyRequest) => {
    request.auth = null;
    const found = tokenOf(request);
    if (found === null) return;
    const tokenHash = hashToken(found.token);
    const session = await store.getSession(tokenHash, now().toISOString());
    if (session === null) return;
    const user = await store.getUser(session.userId);
    if (user === null || user.isDisabled) return;
    request.auth = { user, tokenHash, via: found.via };
    // Signing in or out on behalf of a stale cookie changes nothing a forged request could exploit.
    const isSessionRoute = request.url.startsWith('/api/auth/login') || request.url.startsWith('/api/auth/logout');
    if (found.via === 'cookie' && MUTATING.has(request.method) && request.headers[CSRF_HEADER] !== '1' && !isSessionRoute) {
      throw new LifecircleError('FORBIDDEN', { reason: `cookie-authenticated changes need the header ${CSRF_HEADER}: 1` });
    }
  };
}

/**
 * A per-route onRequest hook: UNAUTHENTICATED without a session, FORBIDDEN for
 * a role not listed, and FORBIDDEN outside `/api/auth/` for a user who must
 * first replace the one-time password an administrator gave them.
 */
export function requireRole(...roles: Role[]): onRequestHookHandler {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    if (request.auth === null) throw new LifecircleError('UNAUTHENTICATED', {});
    if (request.auth.user.mustChangePassword && !request.routeOptions.url?.startsWith('/api/auth/')) {
      throw new LifecircleError('FORBIDDEN', { reason: 'change your one-time password first (POST /api/auth/password)' });
    }
    if (!roles.includes(request.auth.user.role)) {
      throw new LifecircleError('FORBIDDEN', { reason: `this needs the role ${roles.join(' or ')}` });
    }
  };
}

/** The signed-in user of a guarded route (the guard ran, so it is set). */
export function currentUser(request: FastifyRequest): User {
  if (request.auth === null) throw new LifecircleError('UNAUTHENTICATED', {});
  return request.auth.user;
}
