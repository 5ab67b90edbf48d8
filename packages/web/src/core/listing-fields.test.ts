import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seededRng, type Rng } from '@lifecircle/shared';
import {
  listingForm,
  listingPatch,
  newListingBody,
  readListingForm,
  splitServices,
  type ListingFields,
  type ListingForm,
  type ListingPatch,
} from './listing-fields.js';

const LISTING: ListingFields = {
  name: '王记早点',
  categoryIds: ['breakfast', 'convenience_store'],
  address: '兰溪路 1 号',
  location: [121.401234, 31.251234],
  openingHours: 'Mo-Fr 06:30-10:00',
  services: ['豆浆', '油条'],
  phone: '021-12345678',
};

test('hand-worked edits send exactly the changed fields, null for a cleared one', () => {
  const form = listingForm(LISTING);
  assert.deepEqual(form.services, '豆浆，油条');
  assert.deepEqual(listingPatch(LISTING, form), {});
  assert.deepEqual(listingPatch(LISTING, { ...form, openingHours: 'Mo-Su 07:00-11:00' }), {
    openingHours: 'Mo-Su 07:00-11:00',
  });
  assert.deepEqual(listingPatch(LISTING, { ...form, phone: '  ', address: '' }), { address: null, phone: null });
  // Moving along one axis still sends the whole position.
  assert.deepEqual(listingPatch(LISTING, { ...form, location: [121.401234, 31.2513] }), { lng: 121.401234, lat: 31.2513 });
  assert.deepEqual(listingPatch(LISTING, { ...form, categoryIds: ['convenience_store', 'breakfast'] }), {});
  assert.deepEqual(listingPatch(LISTING, { ...form, categoryIds: ['breakfast'] }), { categoryIds: ['breakfast'] });
  assert.deepEqual(listingPatch(LISTING, { ...form, services: '豆浆、油条、 包子 ,' }), { services: ['豆浆', '油条', '包子'] });
  assert.deepEqual(listingPatch(LISTING, { ...form, name: ' 王记早点 ' }), {}, 'spaces around the name are no edit');
});

test('a stored value the form would show differently is not sent when left alone', () => {
  // Written through the API, not the form: one service with a separator in it, a name with spaces, no hours.
  const odd: ListingFields = { ...LISTING, name: ' 店 ', services: ['豆浆、油条'], openingHours: null, address: null };
  assert.deepEqual(listingPatch(odd, listingForm(odd)), {});
  assert.deepEqual(listingPatch(odd, { ...listingForm(odd), phone: '' }), { phone: null });
});

test('a new listing leaves out the optional fields left empty', () => {
  const form: ListingForm = {
    name: ' 新店 ',
    categoryIds: ['repair_point'],
    address: ' ',
    location: [121.4, 31.25],
    openingHours: '',
    services: '修伞，配钥匙',
    phone: '',
  };
  assert.deepEqual(newListingBody(form), {
    name: '新店',
    categoryIds: ['repair_point'],
    lng: 121.4,
    lat: 31.25,
    services: ['修伞', '配钥匙'],
  });
  assert.deepEqual(newListingBody(listingForm(LISTING)), {
    name: LISTING.name,
    categoryIds: LISTING.categoryIds,
    lng: LISTING.location[0],
    lat: LISTING.location[1],
    services: LISTING.services,
    address: LISTING.address,
    openingHours: LISTING.openingHours,
    phone: LISTING.phone,
  });
  assert.deepEqual(splitServices(' , 、'), []);
});

const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
const TEXTS = ['', ' ', '甲', ' 甲 ', '乙', '甲、乙', '甲,乙', '甲，乙 ', 'Mo-Su 08:00-18:00', '021-1234'];
const CATEGORIES = ['breakfast', 'convenience_store', 'repair_point', 'pharmacy'];

function randomListing(rng: Rng): ListingFields {
  const optional = () => (rng() < 0.3 ? null : pick(rng, TEXTS));
  return {
    name: pick(
      rng,
      TEXTS.filter((text) => text.trim() !== ''),
    ),
    categoryIds: CATEGORIES.filter(() => rng() < 0.5),
    address: optional(),
    location: [121.4 + Math.round(rng() * 3) / 1e6, 31.25 + Math.round(rng() * 3) / 1e6],
    openingHours: optional(),
    services: TEXTS.filter(() => rng() < 0.2),
    phone: optional(),
  };
}

/** A merchant's random edit of the form: each field kept or retyped. */
function randomEdit(rng: Rng, form: ListingForm): ListingForm {
  const maybe = <T>(value: T, other: () => T) => (rng() < 0.5 ? value : other());
  return {
    name: maybe(form.name, () => pick(rng, TEXTS)),
    categoryIds: maybe(form.categoryIds, () => CATEGORIES.filter(() => rng() < 0.5)),
    address: maybe(form.address, () => pick(rng, TEXTS)),
    location: maybe(form.location, () => [form.location[0], 31.25 + Math.round(rng() * 3) / 1e6]),
    openingHours: maybe(form.openingHours, () => pick(rng, TEXTS)),
    services: maybe(form.services, () => pick(rng, TEXTS)),
    phone: maybe(form.phone, () => pick(rng, TEXTS)),
  };
}

/** The reference: a listing with a patch applied, field by field, as the server does. */
function applyPatch(listing: ListingFields, patch: ListingPatch): ListingFields {
  const { lng, lat, ...rest } = patch;
  const location: ListingFields['location'] = [lng ?? listing.location[0], lat ?? listing.location[1]];
  return { ...listing, ...rest, location } as ListingFields;
}

/** A listing in comparable form: formats as a sorted set. */
const canonical = (listing: ListingFields) => JSON.stringify({ ...listing, categoryIds: [...listing.categoryIds].sort() });

test('on random listings and edits, the patch turns what the form showed into what it says, and nothing more', () => {
  for (let seed = 1; seed <= 400; seed++) {
    const rng = seededRng(seed);
    const listing = randomListing(rng);
    const shown = readListingForm(listingForm(listing));
    assert.deepEqual(listingPatch(listing, listingForm(listing)), {}, `seed ${seed}: an untouched form sends nothing`);
    const form = randomEdit(rng, listingForm(listing));
    const patch = listingPatch(listing, form);
    const wanted = readListingForm(form);
    assert.equal(canonical(applyPatch(shown, patch)), canonical(wanted), `seed ${seed}`);
    // Every sent field differs from what was shown (both coordinates count as the position).
    assert.equal('lng' in patch, 'lat' in patch, `seed ${seed}: the position is sent whole`);
    for (const key of Object.keys(patch) as (keyof ListingPatch)[]) {
      const alone = key === 'lng' || key === 'lat' ? { lng: patch.lng, lat: patch.lat } : { [key]: patch[key] };
      const changed = applyPatch(shown, alone as ListingPatch);
      assert.notEqual(canonical(changed), canonical(shown), `seed ${seed}: ${key} was sent unchanged`);
    }
  }
});
