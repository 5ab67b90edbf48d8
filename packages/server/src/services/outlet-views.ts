import type { Outlet } from '@lifecircle/shared';

/** The fields of an outlet residents may see. */
export interface PublicOutletView {
  id: number;
  name: string;
  categoryIds: string[];
  address: string | null;
  location: [number, number];
  openingHours: string | null;
  services: string[];
  phone: string | null;
  streetId: number | null;
  lastVerified: string | null;
  updatedAt: string;
}

/** Strips an outlet to its public fields (no merchant, source or review notes). */
export function publicOutlet(outlet: Outlet): PublicOutletView {
  return {
    id: outlet.id,
    name: outlet.name,
    categoryIds: outlet.categoryIds,
    address: outlet.address,
    location: [outlet.location[0], outlet.location[1]],
    openingHours: outlet.openingHours,
    services: outlet.services,
    phone: outlet.phone,
    streetId: outlet.streetId,
    lastVerified: outlet.lastVerified,
    updatedAt: outlet.updatedAt,
  };
}
