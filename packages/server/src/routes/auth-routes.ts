import { LifecircleError } from '@lifecircle/shared';
import { Type, type Static } from '@sinclair/typebox';
import { ALL_ROLES } from '../auth/roles.js';
import { currentUser, requireRole } from '../auth/guard.js';
import { assertNotThrottled, loginAccount } from '../auth/login-throttle.js';
import { checkPasswordPolicy, hashPassword, verifyAgainstDummy, verifyPassword } from '../auth/password.js';
import { clearSessionCookie, createSession, publicUser, setSessionCookie } from '../auth/sessions.js';
import { audit } from '../services/audit.js';
import { errorResponses, User } from '../schemas/common.js';
import { perHour, perMinute, type RouteContext } from './context.js';

/** User names: 3–64 letters, digits, `_`, `.`, `-`. */
export const Username = Type.String({ pattern: '^[A-Za-z0-9_.-]{3,64}$' });
/** Passwords are checked by the policy (WEAK_PASSWORD), not by the schema, so the message says why. */
export const Password = Type.String({ minLength: 1, maxLength: 200 });

const LoginBody = Type.Object({ username: Type.String({ minLength: 1, maxLength: 64 }), password: Password });
const SessionResponse = Type.Object({ token: Type.String(), user: User, expiresAt: Type.String() });
const PasswordBody = Type.Object({ oldPassword: Password, newPassword: Password });
const SignupBody = Type.Object({
  username: Username,
  password: Password,
  merchantName: Type.String({ minLength: 1, maxLength: 100 }),
  contactName: Type.Optional(Type.String({ maxLength: 100 })),
  phone: Type.Optional(Type.String({ pattern: '^[0-9+\\- ]{3,20}$' })),
});

/** Sign-in, sign-out, the current user, password change and merchant sign-up. */
export function registerAuthRoutes({ app, deps, config, now }: RouteContext): void {
  const { store } = deps;

  app.post<{ Body: Static<typeof LoginBody> }>(
    '/api/auth/login',
    {
      config: perMinute(config.loginPerMinute),
      schema: {
        tags: ['auth'],
        summary: 'Sign in; returns a bearer token and sets the lc_session cookie',
        body: LoginBody,
        response: { 200: SessionResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { username, password } = request.body;
      const user = await store.getUserByUsername(username);
      const account = loginAccount(user, username);
      const throttle = { maxFailures: config.loginFailuresPerAccount, windowS: config.loginFailureWindowS };
      await assertNotThrottled(store, account, throttle, now());
      const isValid = user === null ? await verifyAgainstDummy(password) : await verifyPassword(password, user.passwordHash);
      if (user === null || !isValid || user.isDisabled) {
        await store.appendAudit({
          userId: user?.id ?? null,
          action: 'login.failure',
          ...account,
          before: null,
          after: { username },
          requestId: request.id,
          at: now().toISOString(),
        });
        throw new LifecircleError('LOGIN_FAILED', {});
      }
      const { token, session } = await store.transaction(async (tx) => {
        // Expired sessions are swept here, so the table never grows without bound.
        await tx.deleteExpiredSessions(now().toISOString());
        const created = await createSession(tx, user, now(), config.sessionTtlS);
        await tx.appendAudit({
          userId: user.id,
          action: 'login.success',
          entity: 'user',
          entityId: String(user.id),
          before: null,
          after: null,
          requestId: request.id,
          at: now().toISOString(),
        });
        return created;
      });
      setSessionCookie(reply, token, config.sessionTtlS, config.cookieSecure);
      return { token, user: publicUser(user), expiresAt: session.expiresAt };
    },
  );

  app.post(
    '/api/auth/logout',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign out (ends the session; always succeeds)',
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      if (request.auth !== null) await store.deleteSession(request.auth.tokenHash);
      clearSessionCookie(reply, config.cookieSecure);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/auth/me',
    {
      onRequest: requireRole(...ALL_ROLES),
      schema: {
        tags: ['auth'],
        summary: 'The signed-in user',
        response: { 200: Type.Object({ user: User }), ...errorResponses },
      },
    },
    async (request) => ({ user: publicUser(currentUser(request)) }),
  );

  app.post<{ Body: Static<typeof PasswordBody> }>(
    '/api/auth/password',
    {
      onRequest: requireRole(...ALL_ROLES),
      config: perMinute(config.loginPerMinute),
      schema: {
        tags: ['auth'],
        summary: 'Change the own password (clears mustChangePassword)',
        body: PasswordBody,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      if (!(await verifyPassword(request.body.oldPassword, user.passwordHash))) throw new LifecircleError('LOGIN_FAILED', {});
      checkPasswordPolicy(request.body.newPassword);
      if (request.body.newPassword === request.body.oldPassword) {
        throw new LifecircleError('WEAK_PASSWORD', { reason: 'the new password must differ from the old one' });
      }
      const passwordHash = await hashPassword(request.body.newPassword);
      await store.transaction(async (tx) => {
        await tx.updateUser(user.id, { passwordHash, mustChangePassword: false });
        // Every other session of this user ends: whoever knew the old password is signed out.
        await tx.deleteUserSessions(user.id, request.auth?.tokenHash);
        await audit(tx, request, 'user.password', 'user', user.id, null, null);
      });
      return reply.status(204).send();
    },
  );

  app.post<{ Body: Static<typeof SignupBody> }>(
    '/api/merchants/signup',
    {
      config: perHour(config.anonymousPostsPerHour, 'merchant-signup'),
      schema: {
        tags: ['auth'],
        summary: 'Register a merchant account and sign in',
        body: SignupBody,
        response: { 201: SessionResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const body = request.body;
      checkPasswordPolicy(body.password);
      const passwordHash = await hashPassword(body.password);
      const { user, token, session } = await store.transaction(async (tx) => {
        const merchant = await tx.insertMerchant({
          name: body.merchantName,
          contactName: body.contactName ?? null,
          phone: body.phone ?? null,
        });
        const created = await tx.insertUser({
          username: body.username,
          displayName: body.contactName ?? body.merchantName,
          role: 'merchant',
          streetId: null,
          merchantId: merchant.id,
          passwordHash,
          isDisabled: false,
          mustChangePassword: false,
        });
        await audit(tx, request, 'merchant.signup', 'user', created.id, null, { user: publicUser(created), merchant });
        return { user: created, ...(await createSession(tx, created, now(), config.sessionTtlS)) };
      });
      setSessionCookie(reply, token, config.sessionTtlS, config.cookieSecure);
      return reply.status(201).send({ token, user: publicUser(user), expiresAt: session.expiresAt });
    },
  );
}
