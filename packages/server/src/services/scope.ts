import { LifecircleError, type Outlet, type User } from '@lifecircle/shared';

/** Throws FORBIDDEN unless a street office acts on its own street (the commission acts everywhere). */
export function assertStreetScope(user: User, streetIds: readonly (number | null)[], what: string): void {
  if (user.role === 'commission') return;
  if (user.role === 'street_office' && user.streetId !== null && streetIds.includes(user.streetId)) return;
  throw new LifecircleError('FORBIDDEN', { reason: `${what} is outside your street` });
}

/** Throws FORBIDDEN unless the merchant owns the outlet. */
export function assertMerchantOwns(user: User, outlet: Outlet): void {
  if (user.role === 'merchant' && user.merchantId !== null && outlet.merchantId === user.merchantId) return;
  throw new LifecircleError('FORBIDDEN', { reason: `outlet ${outlet.id} belongs to another merchant` });
}

/** The street filter of a staff list: a street office's own street, or the commission's optional choice. */
export function streetFilterFor(user: User, requested?: number): number | undefined {
  if (user.role === 'street_office') return user.streetId ?? -1;
  return requested;
}
