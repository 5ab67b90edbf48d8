/** Types of the API answers the app reads (a subset of the server's schemas). */

/** `[lng, lat]`, WGS-84. */
export type LngLat = [number, number];

/** A business format (业态) of the taxonomy. */
export interface Category {
  id: string;
  nameZh: string;
  nameEn: string;
  tier: string;
  group: string | null;
  defaultWalkMinutes: number | null;
}

/** What residents see of an outlet. */
export interface PublicOutlet {
  id: number;
  name: string;
  categoryIds: string[];
  address: string | null;
  location: LngLat;
  openingHours: string | null;
  services: string[];
  phone: string | null;
  streetId: number | null;
  lastVerified: string | null;
  updatedAt: string;
}

/** An outlet of a nearby search, with walking distance (m) and time (min). */
export interface NearbyOutlet extends PublicOutlet {
  walkM: number;
  walkMinutes: number;
  isOpenNow: boolean | null;
}

/** The whole record, for merchants and staff. */
export interface Outlet extends PublicOutlet {
  status: 'pending' | 'active' | 'closed' | 'rejected';
  rejectReason: string | null;
  source: string;
  merchantId: number | null;
  createdAt: string;
}

/** A GeoJSON Polygon or MultiPolygon. */
export interface AreaGeometry {
  type: 'Polygon' | 'MultiPolygon';
  coordinates: unknown[];
}

/** A living circle with its boundary. */
export interface Circle {
  id: number;
  name: string;
  boundary: AreaGeometry | null;
  summary: { residents: number };
}

/** A street (街道/镇) with its boundary. */
export interface Street {
  id: number;
  name: string;
  boundary: AreaGeometry | null;
}

/** A signed-in user. */
export interface User {
  id: number;
  username: string;
  displayName: string;
  role: 'commission' | 'street_office' | 'merchant';
  streetId: number | null;
  mustChangePassword: boolean;
}

/** The optional online basemap of `GET /api/config`. */
export interface Basemap {
  tiles: string[];
  crs: 'wgs84' | 'gcj02';
  attribution: string;
  maxZoom: number;
}
