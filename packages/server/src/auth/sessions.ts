import { createHash, randomBytes } from 'node:crypto';
import type { Session, User } from '@lifecircle/shared';
import type { StoreTx } from '@lifecircle/store';
import type { FastifyReply } from 'fastify';

/** The session cookie's name. */
export const SESSION_COOKIE = 'lc_session';

/** SHA-256 of a session token, hex: what the store keeps instead of the token. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Creates a session for `user`: a random 32-byte token (base64url) whose hash is stored; returns the token. */
export async function createSession(
  store: StoreTx,
  user: User,
  now: Date,
  ttlS: number,
): Promise<{ token: string; session: Session }> {
  const token = randomBytes(32).toString('base64url');
  const session: Session = {
    tokenHash: hashToken(token),
    userId: user.id,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + ttlS * 1000).toISOString(),
  };
  await store.insertSession(session);
  return { token, session };
}

/** Sets the session cookie: HttpOnly, SameSite=Strict, Path=/, Max-Age = the session's lifetime, Secure when configured. */
export function setSessionCookie(reply: FastifyReply, token: string, ttlS: number, secure: boolean): void {
  reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', path: '/', secure, maxAge: ttlS });
}

/** Expires the session cookie in the browser. */
export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', path: '/', secure });
}

/** A user without the password hash: what leaves the server. */
export type PublicUser = Omit<User, 'passwordHash'>;

/** Drops the password hash. */
export function publicUser(user: User): PublicUser {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { passwordHash, ...rest } = user;
  return rest;
}
