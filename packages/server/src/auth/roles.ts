import { ROLES, type Role } from '@lifecircle/shared';

/** Every role: for routes any signed-in user may call. */
export const ALL_ROLES: Role[] = [...ROLES];
/** The staff roles that read a street's data (the commission reads every street). */
export const STREET_ROLES: Role[] = ['street_office', 'commission'];
