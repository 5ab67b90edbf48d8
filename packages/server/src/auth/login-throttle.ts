import { LifecircleError } from '@lifecircle/shared';
import type { Store } from '@lifecircle/store';

/** How many wrong passwords an account takes in a window before it is throttled, and the window. */
export interface LoginThrottle {
  maxFailures: number;
  windowS: number;
}

/**
 * Whose failures a sign-in counts, as its audit entries name it: a known
 * user by id; an unknown user name by itself (entity `unknown_user`), so that
 * guessing at names that do not exist is throttled alike and a 429 does not
 * tell an attacker which names are real.
 */
export interface LoginAccount {
  entity: 'user' | 'unknown_user';
  entityId: string;
}

/** The audit identity of a sign-in attempt for `username` (user null when no such user). */
export function loginAccount(user: { id: number } | null, username: string): LoginAccount {
  return user === null ? { entity: 'unknown_user', entityId: username } : { entity: 'user', entityId: String(user.id) };
}

/**
 * Refuses a sign-in to an account that has had `maxFailures` wrong passwords
 * within the last `windowS` seconds since its last successful sign-in:
 * RATE_LIMITED until the oldest of those failures leaves the window. The
 * per-client limit stops one address guessing; this stops many addresses
 * guessing one account's password. The failures are read from the audit log
 * (written by the login route), so every server process on the database sees
 * the same count. Checked before the password, so a throttled guess reveals
 * nothing even when it is right.
 */
export async function assertNotThrottled(store: Store, account: LoginAccount, throttle: LoginThrottle, now: Date): Promise<void> {
  const since = now.getTime() - throttle.windowS * 1000;
  // Newest first; failures beyond the cap do not change the answer, and a success resets the count.
  const recent = await store.listAudit({ ...account, limit: throttle.maxFailures * 4 + 20 });
  const failures: number[] = [];
  for (const entry of recent) {
    const at = Date.parse(entry.at);
    if (at < since || entry.action === 'login.success' || entry.action === 'user.password' || entry.action === 'user.update')
      break;
    if (entry.action === 'login.failure') failures.push(at);
    if (failures.length === throttle.maxFailures) break;
  }
  if (failures.length < throttle.maxFailures) return;
  const oldest = failures[failures.length - 1]!;
  const retryAfterS = Math.max(1, Math.ceil((oldest + throttle.windowS * 1000 - now.getTime()) / 1000));
  throw new LifecircleError('RATE_LIMITED', { retryAfterS });
}
