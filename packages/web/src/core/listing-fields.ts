/**
 * The merchant's outlet form and what it sends: the whole listing for a new outlet (POST), and for an edit
 * (PATCH) only the fields the merchant changed. The API sends an approved listing back to review when its
 * name, formats or position change, so a field left alone must never be sent as if it had been edited.
 */

/** `[lng, lat]`, WGS-84. */
export type Location = [number, number];

/** The fields of a listing the merchant writes (the API's outlet has these among others). */
export interface ListingFields {
  name: string;
  categoryIds: string[];
  address: string | null;
  location: Location;
  openingHours: string | null;
  services: string[];
  phone: string | null;
}

/** The form as shown: text fields as typed, the services as one comma-separated text. */
export interface ListingForm {
  name: string;
  categoryIds: string[];
  address: string;
  location: Location;
  openingHours: string;
  services: string;
  phone: string;
}

/** The body of `POST /api/merchant/outlets`. */
export interface NewListingBody {
  name: string;
  categoryIds: string[];
  lng: number;
  lat: number;
  services: string[];
  address?: string;
  openingHours?: string;
  phone?: string;
}

/** The body of `PATCH /api/merchant/outlets/{id}`: changed fields only; null clears an optional one. */
export interface ListingPatch {
  name?: string;
  categoryIds?: string[];
  lng?: number;
  lat?: number;
  address?: string | null;
  openingHours?: string | null;
  services?: string[];
  phone?: string | null;
}

/** Services typed in one field, split at Chinese or Latin commas and 、. */
export function splitServices(text: string): string[] {
  return text
    .split(/[,，、]/)
    .map((service) => service.trim())
    .filter((service) => service !== '');
}

/** How the form shows a listing being edited. */
export function listingForm(listing: ListingFields): ListingForm {
  return {
    name: listing.name,
    categoryIds: [...listing.categoryIds],
    address: listing.address ?? '',
    location: [listing.location[0], listing.location[1]],
    openingHours: listing.openingHours ?? '',
    services: listing.services.join('，'),
    phone: listing.phone ?? '',
  };
}

/** What the form says: text trimmed, an empty optional field is none (null), the services split. */
export function readListingForm(form: ListingForm): ListingFields {
  const optional = (text: string) => (text.trim() === '' ? null : text.trim());
  return {
    name: form.name.trim(),
    categoryIds: [...form.categoryIds],
    address: optional(form.address),
    location: [form.location[0], form.location[1]],
    openingHours: optional(form.openingHours),
    services: splitServices(form.services),
    phone: optional(form.phone),
  };
}

/** The POST body of a new listing; optional fields left empty are left out. */
export function newListingBody(form: ListingForm): NewListingBody {
  const fields = readListingForm(form);
  return {
    name: fields.name,
    categoryIds: fields.categoryIds,
    lng: fields.location[0],
    lat: fields.location[1],
    services: fields.services,
    ...(fields.address === null ? {} : { address: fields.address }),
    ...(fields.openingHours === null ? {} : { openingHours: fields.openingHours }),
    ...(fields.phone === null ? {} : { phone: fields.phone }),
  };
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((item, i) => item === b[i]);
const sameSet = (a: readonly string[], b: readonly string[]) => sameList([...a].sort(), [...b].sort());

/**
 * The PATCH body of an edit: the fields whose meaning in the form differs from what the form showed for
 * `listing` (so a field the merchant left alone is not sent even when the stored value would be shown
 * differently, e.g. a service containing a comma). Formats compare as a set; the position sends both
 * coordinates when either moved. Empty when nothing changed.
 */
export function listingPatch(listing: ListingFields, form: ListingForm): ListingPatch {
  const was = readListingForm(listingForm(listing));
  const now = readListingForm(form);
  const patch: ListingPatch = {};
  if (now.name !== was.name) patch.name = now.name;
  if (!sameSet(now.categoryIds, was.categoryIds)) patch.categoryIds = now.categoryIds;
  if (now.location[0] !== was.location[0] || now.location[1] !== was.location[1]) {
    patch.lng = now.location[0];
    patch.lat = now.location[1];
  }
  if (now.address !== was.address) patch.address = now.address;
  if (now.openingHours !== was.openingHours) patch.openingHours = now.openingHours;
  if (!sameList(now.services, was.services)) patch.services = now.services;
  if (now.phone !== was.phone) patch.phone = now.phone;
  return patch;
}
