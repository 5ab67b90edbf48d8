import { createStreetLocator } from '@lifecircle/ingest';
import { Type, type Static } from '@sinclair/typebox';
import { currentUser, requireRole } from '../auth/guard.js';
import { assertOpeningHours } from '../services/opening-hours.js';
import { changeOutlet, createOutlet, loadOutlet } from '../services/outlet-changes.js';
import { assertMerchantOwns } from '../services/scope.js';
import { assertCategories, assertNonEmptyPatch } from '../services/validate.js';
import { errorResponses, IdParams, Lat, Lng, Nullable, Outlet } from '../schemas/common.js';
import type { RouteContext } from './context.js';
import type { OutletPatch } from '@lifecircle/store';

const Address = Type.String({ maxLength: 200 });
const OpeningHours = Type.String({ maxLength: 500, description: 'OpenStreetMap opening_hours syntax' });
const Phone = Type.String({ pattern: '^[0-9+\\- ]{3,20}$' });
const outletFields = {
  name: Type.String({ minLength: 1, maxLength: 100 }),
  categoryIds: Type.Array(Type.String({ maxLength: 64 }), { minItems: 1, maxItems: 10, uniqueItems: true }),
  address: Type.Optional(Address),
  lng: Lng,
  lat: Lat,
  openingHours: Type.Optional(OpeningHours),
  services: Type.Array(Type.String({ minLength: 1, maxLength: 50 }), { maxItems: 50 }),
  phone: Type.Optional(Phone),
};
/** A merchant's listing (进图). */
export const MerchantOutletBody = Type.Object({
  ...outletFields,
  // A default only here: in the patch an absent list must stay absent.
  services: Type.Array(Type.String({ minLength: 1, maxLength: 50 }), { maxItems: 50, default: [] }),
});
/** A merchant's edit; every field optional, and null clears the address, the hours or the phone. */
export const MerchantOutletPatch = Type.Partial(
  Type.Object({
    ...outletFields,
    address: Nullable(Address),
    openingHours: Nullable(OpeningHours),
    phone: Nullable(Phone),
  }),
  { minProperties: 1, additionalProperties: false },
);

/** A merchant's own outlets: list, submit for review (进图) and edit. */
export function registerMerchantRoutes({ app, deps }: RouteContext): void {
  const { store, taxonomy } = deps;
  const merchantOnly = requireRole('merchant');

  app.get(
    '/api/merchant/outlets',
    {
      onRequest: merchantOnly,
      schema: {
        tags: ['merchant'],
        summary: 'The outlets of the signed-in merchant, any status',
        response: { 200: Type.Object({ outlets: Type.Array(Outlet) }), ...errorResponses },
      },
    },
    async (request) => ({ outlets: await store.listOutlets({ merchantId: currentUser(request).merchantId ?? -1 }) }),
  );

  app.post<{ Body: Static<typeof MerchantOutletBody> }>(
    '/api/merchant/outlets',
    {
      onRequest: merchantOnly,
      schema: {
        tags: ['merchant'],
        summary: 'Put a shop on the map (进图); it waits for the street office as pending',
        body: MerchantOutletBody,
        response: { 201: Outlet, ...errorResponses },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const body = request.body;
      assertCategories(taxonomy, body.categoryIds, 'categoryIds');
      if (body.openingHours !== undefined) assertOpeningHours(body.openingHours);
      const created = await createOutlet(
        store,
        deps.router,
        request,
        {
          name: body.name,
          categoryIds: body.categoryIds,
          address: body.address ?? null,
          location: [body.lng, body.lat],
          openingHours: body.openingHours ?? null,
          services: body.services,
          phone: body.phone ?? null,
          status: 'pending',
          rejectReason: null,
          source: 'merchant',
          externalId: null,
          lastVerified: null,
          merchantId: user.merchantId,
          streetId: createStreetLocator(await store.listStreets())(body.lng, body.lat),
        },
        'outlet.create',
      );
      return reply.status(201).send(created);
    },
  );

  app.patch<{ Params: IdParams; Body: Static<typeof MerchantOutletPatch> }>(
    '/api/merchant/outlets/:id',
    {
      onRequest: merchantOnly,
      schema: {
        tags: ['merchant'],
        summary:
          'Edit an own outlet; a rejected one goes back to pending, and so does an active one whose name, formats or position change',
        params: IdParams,
        body: MerchantOutletPatch,
        response: { 200: Outlet, ...errorResponses },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const body = request.body;
      assertNonEmptyPatch(body);
      assertMerchantOwns(user, await loadOutlet(store, request.params.id));
      if (body.categoryIds !== undefined) assertCategories(taxonomy, body.categoryIds, 'categoryIds');
      if (typeof body.openingHours === 'string') assertOpeningHours(body.openingHours);
      const locateStreet = createStreetLocator(await store.listStreets());
      return changeOutlet(store, deps.router, request, request.params.id, 'outlet.update', (before) => {
        assertMerchantOwns(user, before);
        const patch: OutletPatch = {};
        if (body.name !== undefined) patch.name = body.name;
        if (body.categoryIds !== undefined) patch.categoryIds = body.categoryIds;
        if (body.address !== undefined) patch.address = body.address;
        if (body.openingHours !== undefined) patch.openingHours = body.openingHours;
        if (body.services !== undefined) patch.services = body.services;
        if (body.phone !== undefined) patch.phone = body.phone;
        if (body.lng !== undefined || body.lat !== undefined) {
          patch.location = [body.lng ?? before.location[0], body.lat ?? before.location[1]];
          patch.streetId = locateStreet(patch.location[0], patch.location[1]);
        }
        // What the street office approved — name, formats, position — is reviewed again when it changes;
        // hours, phone, address and services stay live (merchants keep those current themselves).
        const needsReview =
          (patch.name !== undefined && patch.name !== before.name) ||
          (patch.categoryIds !== undefined && patch.categoryIds.join(',') !== before.categoryIds.join(',')) ||
          (patch.location !== undefined &&
            (patch.location[0] !== before.location[0] || patch.location[1] !== before.location[1]));
        if (before.status === 'rejected' || (before.status === 'active' && needsReview)) {
          patch.status = 'pending';
          patch.rejectReason = null;
        }
        return patch;
      });
    },
  );
}
