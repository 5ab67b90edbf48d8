import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { OUTLET_STATUSES, isLifecircleError, seededRng } from '@lifecircle/shared';
import type { Bbox, Outlet, OutletStatus, Rng } from '@lifecircle/shared';
import type { OutletFilter, Store } from '../store.js';
import type { MakeStore, OutletCase } from './fixtures.js';
import {
  CATEGORY_IDS,
  NAME_WORDS,
  WORD_INITIALS,
  adminFixture,
  insideBbox,
  isWithin,
  minimalOutlet,
  randomOutlets,
  withStore,
} from './fixtures.js';

/** An outlet as stored, with the pinyin the reference filter matches keywords against. */
interface StoredCase {
  outlet: Outlet;
  namePinyin: string;
  nameInitials: string;
}

/** The documented meaning of OutletFilter, as a linear scan (limit and offset excluded). */
function referenceMatches(stored: StoredCase, filter: OutletFilter): boolean {
  const { outlet } = stored;
  if (filter.status && !filter.status.includes(outlet.status)) return false;
  if (filter.categoryId !== undefined && !outlet.categoryIds.includes(filter.categoryId)) return false;
  if (filter.bbox && !insideBbox(outlet.location, filter.bbox)) return false;
  if (filter.streetId !== undefined && outlet.streetId !== filter.streetId) return false;
  if (filter.merchantId !== undefined && outlet.merchantId !== filter.merchantId) return false;
  if (filter.source !== undefined && outlet.source !== filter.source) return false;
  if (filter.keyword !== undefined) {
    const keyword = filter.keyword.trim().toLowerCase();
    const compact = keyword.replace(/\s+/g, '');
    const matches =
      outlet.name.toLowerCase().includes(keyword) ||
      (outlet.address ?? '').toLowerCase().includes(keyword) ||
      stored.namePinyin.includes(compact) ||
      stored.nameInitials.includes(compact);
    if (!matches) return false;
  }
  return true;
}

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)]!;
}

/** A keyword of one of the kinds the filter promises to match, or one that matches nothing. */
function randomKeyword(rng: Rng, cases: StoredCase[]): string {
  const [word, pinyin] = pick(rng, NAME_WORDS);
  const kind = Math.floor(rng() * 7);
  if (kind === 0) return word.slice(0, 1 + Math.floor(rng() * word.length));
  if (kind === 1) return pinyin;
  if (kind === 2) return WORD_INITIALS.get(word)!;
  if (kind === 3) return pinyin.toUpperCase();
  if (kind === 4) {
    const address = pick(rng, cases).outlet.address ?? '长寿路';
    return address.slice(0, 3);
  }
  if (kind === 5) return pick(rng, cases).namePinyin.slice(2, 9);
  return 'zzq';
}

/** Non-Han runs put into names: pinyin keeps each whole, in lower case without spaces, in both forms. */
const DECORATIONS = ['KFC', 'Lawson ', '100%', 'A_B', 'back\\slash', '☕', '🍜', '24h', 'Café', 'x%_y'];

/** Lower case without whitespace, as the pinyin columns hold a non-Han run. */
const compactRun = (run: string): string => run.toLowerCase().replace(/\s+/g, '');

/** A name of name words and decorations, with its pinyin and initials written out from the parts. */
function decoratedName(rng: Rng): { name: string; namePinyin: string; nameInitials: string } {
  let name = '';
  let namePinyin = '';
  let nameInitials = '';
  const numParts = 1 + Math.floor(rng() * 3);
  for (let part = 0; part < numParts; part++) {
    if (rng() < 0.35) {
      // A decoration never follows another: pinyin keeps one run of non-Han characters as one.
      const run = pick(rng, DECORATIONS);
      if (part > 0 && /[^\p{Script=Han}]$/u.test(name)) continue;
      name += run;
      namePinyin += compactRun(run);
      nameInitials += compactRun(run);
    } else {
      const [word, pinyin] = pick(rng, NAME_WORDS);
      name += word;
      namePinyin += pinyin;
      nameInitials += WORD_INITIALS.get(word)!;
    }
  }
  return { name, namePinyin, nameInitials };
}

/** ASCII letters in random case (the stores fold ASCII case alike; other letters they do not). */
function randomAsciiCase(rng: Rng, text: string): string {
  return text.replace(/[a-z]/gi, (c) => (rng() < 0.5 ? c.toUpperCase() : c.toLowerCase()));
}

/** Keywords that are plain characters to LIKE, emoji, mixed case and misses. */
const SPECIAL_KEYWORDS = [
  ...['%', '_', '\\', '0%', '%鲜', 'x%_y', '%_', 'a_b', 'A_B', '_b', 'k\\s', '\\slash', 'BACK\\'],
  ...['☕', '☕全', '🍜', '🍜早', '面包🍜', 'kfc', 'KfC', 'kfcqj', 'é', 'Café', 'caf', 'lawson', 'LAWSON罗', 'son luo'],
  ...['早 餐', 'zao can', 'ZAOCAN', 'q', 'Q', '24', '24H', '号'],
  ...['zzq', '不存在的店', '😀', '😀😀', '%%', '__', '\\\\', 'x_%y', '早餐店', 'kfc☕x'],
];

/** A keyword cut from a stored name, address, pinyin or initials: 1–5 characters, sometimes in another case or spaced. */
function drawnKeyword(rng: Rng, cases: readonly StoredCase[]): string {
  const stored = pick(rng, cases);
  const source = pick(rng, [
    stored.outlet.name,
    stored.outlet.address ?? stored.outlet.name,
    stored.namePinyin,
    stored.nameInitials,
  ]);
  const chars = Array.from(source);
  const length = 1 + Math.floor(rng() * 5);
  const start = Math.floor(rng() * Math.max(1, chars.length - length + 1));
  let keyword = chars.slice(start, start + length).join('');
  const variant = rng();
  if (variant < 0.15) keyword = keyword.replace(/[a-z]+/g, (run) => run.toUpperCase());
  else if (variant < 0.3) keyword = randomAsciiCase(rng, keyword);
  else if (variant < 0.38) keyword = ` ${keyword}\u3000 `;
  else if (variant < 0.45 && keyword.length > 1) keyword = `${keyword.slice(0, 1)} ${keyword.slice(1)}`;
  return keyword;
}

/** Checks every keyword against the linear scan: all matches, their count, and a page of the active ones. */
async function assertKeywordsLikeScan(
  store: Store,
  cases: readonly StoredCase[],
  keywords: readonly string[],
  label: string,
): Promise<number> {
  let numNonEmpty = 0;
  for (const keyword of keywords) {
    const expected = cases.filter((c) => referenceMatches(c, { keyword })).map((c) => c.outlet);
    const message = `${label}: keyword ${JSON.stringify(keyword)}`;
    assert.deepEqual(await store.listOutlets({ keyword }), expected, message);
    assert.equal(await store.countOutlets({ keyword }), expected.length, message);
    const active = expected.filter((o) => o.status === 'active');
    assert.deepEqual(await store.listOutlets({ keyword, status: ['active'], limit: 5, offset: 2 }), active.slice(2, 7), message);
    assert.equal(await store.countOutlets({ keyword, status: ['active'] }), active.length, message);
    if (expected.length > 0) numNonEmpty++;
  }
  return numNonEmpty;
}

function randomFilter(rng: Rng, cases: StoredCase[], refs: { streetIds: number[]; merchantIds: number[] }): OutletFilter {
  const filter: OutletFilter = {};
  if (rng() < 0.3) filter.status = OUTLET_STATUSES.filter(() => rng() < 0.5) as OutletStatus[];
  if (rng() < 0.3) filter.categoryId = pick(rng, CATEGORY_IDS);
  if (rng() < 0.4) filter.keyword = randomKeyword(rng, cases);
  if (rng() < 0.3) {
    const lng = 121.4 + rng() * 0.08;
    const lat = 31.2 + rng() * 0.08;
    filter.bbox = [lng, lat, lng + rng() * 0.05, lat + rng() * 0.05];
  }
  if (rng() < 0.2) filter.streetId = pick(rng, refs.streetIds);
  if (rng() < 0.2) filter.merchantId = pick(rng, refs.merchantIds);
  if (rng() < 0.15) filter.source = pick(rng, ['osm', 'generator', 'import:a.csv']);
  return filter;
}

/** Checks listOutlets and countOutlets against the linear scan on seeded random outlets and filters. */
export function describeOutletQueries(makeStore: MakeStore): void {
  describe('outlets', () => {
    it('round-trips every field of an outlet, keeping category order, with store-set timestamps', () =>
      withStore(makeStore, async (store) => {
        const refs = await adminFixture(store);
        const merchant = await store.insertMerchant({ name: '罗森', contactName: '王五', phone: null });
        const input = minimalOutlet({
          name: '罗森便利店（长寿路店）',
          categoryIds: ['convenience_store', 'breakfast', 'atm'],
          address: '长寿路 100 号',
          location: [121.4412345678, 31.2398765432],
          openingHours: 'Mo-Fr 07:00-23:00; Sa,Su 08:00-22:00',
          services: ['代收代发', '打印复印'],
          phone: '021-62345678',
          status: 'rejected',
          rejectReason: '地址不符',
          source: 'import:amap.csv',
          externalId: 'B0FFG1234',
          lastVerified: '2026-11-20',
          merchantId: merchant.id,
          streetId: refs.streetIds[0]!,
        });
        const before = new Date().toISOString();
        const [id] = await store.insertOutlets([input]);
        const after = new Date().toISOString();
        const outlet = await store.getOutlet(id!);
        assert.ok(outlet);
        assert.deepEqual(outlet, { ...input, id, createdAt: outlet.createdAt, updatedAt: outlet.updatedAt });
        assert.ok(isWithin(outlet.createdAt, before, after), outlet.createdAt);
        assert.equal(outlet.updatedAt, outlet.createdAt);
        assert.equal(await store.getOutlet(id! + 1), null);
        assert.deepEqual(await store.listOutlets(), [outlet]);
      }));

    it('reads many outlets at once as each one alone, in the order asked, with misses, repeats and uncommitted rows', () =>
      withStore(makeStore, async (store) => {
        const rng = seededRng(47);
        const refs = await adminFixture(store);
        const ids = await store.insertOutlets(randomOutlets(rng, 60, refs.streetIds, []).map((c) => c.outlet));
        await store.updateOutlet(ids[7]!, { status: 'closed', name: '改名后的店', categoryIds: ['pharmacy'] });
        // The reference: every stored outlet as the list reads it, looked up by id.
        const byId = new Map((await store.listOutlets()).map((o) => [o.id, o]));
        const expect = (asked: readonly number[]) => asked.map((id) => byId.get(id) ?? null);
        const last = Math.max(...ids);
        const misses = [0, -1, last + 1, last + 1000, 2 ** 31 - 1, 2 ** 31, 2 ** 53 - 1];
        assert.deepEqual(await store.getOutlets([]), []);
        assert.deepEqual(await store.getOutlets(ids), expect(ids));
        for (let round = 0; round < 20; round++) {
          const asked = Array.from({ length: 1 + Math.floor(rng() * 30) }, () =>
            rng() < 0.2 ? misses[Math.floor(rng() * misses.length)]! : ids[Math.floor(rng() * ids.length)]!,
          );
          const got = await store.getOutlets(asked);
          assert.deepEqual(got, expect(asked), `round ${round}: ${asked.join(',')}`);
          for (let i = 0; i < asked.length; i++) {
            if (Math.abs(asked[i]!) <= 2 ** 31 - 1) assert.deepEqual(got[i], await store.getOutlet(asked[i]!));
          }
        }
        // Inside a transaction the read sees the transaction's own rows.
        await store.transaction(async (tx) => {
          const [fresh] = await tx.insertOutlets([minimalOutlet({ name: '新开的店', streetId: refs.streetIds[0]! })]);
          const [first, added] = await tx.getOutlets([ids[0]!, fresh!]);
          assert.deepEqual(first, byId.get(ids[0]!));
          assert.equal(added?.name, '新开的店');
        });
      }));

    it('filters and counts like a linear scan on seeded random outlets and filters, in id order with limit and offset', () =>
      withStore(makeStore, async (store) => {
        const seed = 31;
        const rng = seededRng(seed);
        const refs = await adminFixture(store);
        const merchantIds: number[] = [];
        for (const name of ['全家', '罗森', '好德'])
          merchantIds.push((await store.insertMerchant({ name, contactName: null, phone: null })).id);
        const generated: OutletCase[] = randomOutlets(rng, 400, refs.streetIds, merchantIds);
        const ids = await store.insertOutlets(generated.map((c) => c.outlet));
        assert.deepEqual(
          ids,
          [...ids].sort((a, b) => a - b),
          'ids grow in input order',
        );
        const all = await store.listOutlets();
        assert.equal(all.length, generated.length);
        const cases: StoredCase[] = all.map((outlet, i) => ({
          outlet,
          namePinyin: generated[i]!.namePinyin,
          nameInitials: generated[i]!.nameInitials,
        }));
        for (const [i, stored] of cases.entries()) {
          assert.deepEqual(stored.outlet, {
            ...generated[i]!.outlet,
            id: ids[i],
            createdAt: stored.outlet.createdAt,
            updatedAt: stored.outlet.updatedAt,
          });
        }
        let numNonEmpty = 0;
        for (let trial = 0; trial < 120; trial++) {
          const filter = randomFilter(rng, cases, { streetIds: refs.streetIds, merchantIds });
          const expected = cases.filter((c) => referenceMatches(c, filter)).map((c) => c.outlet);
          const message = `seed ${seed}, trial ${trial}: ${JSON.stringify(filter)}`;
          assert.deepEqual(await store.listOutlets(filter), expected, message);
          assert.equal(await store.countOutlets(filter), expected.length, message);
          if (expected.length > 0) numNonEmpty++;
          const offset = Math.floor(rng() * 5);
          const limit = 1 + Math.floor(rng() * 10);
          assert.deepEqual(
            await store.listOutlets({ ...filter, limit, offset }),
            expected.slice(offset, offset + limit),
            message,
          );
          assert.deepEqual(await store.listOutlets({ ...filter, offset }), expected.slice(offset), message);
          assert.equal(
            await store.countOutlets({ ...filter, limit, offset }),
            expected.length,
            `count ignores paging: ${message}`,
          );
        }
        assert.ok(numNonEmpty > 40, `the random filters must mostly match something (${numNonEmpty} of 120)`);
      }));

    it('finds what a linear scan finds for keywords of every kind, 1 to 5 characters, special characters and misses, before and after renames', () =>
      withStore(makeStore, async (store) => {
        const seed = 37;
        const rng = seededRng(seed);
        const generated = randomOutlets(rng, 300, [], []).map((c) => {
          if (rng() < 0.4) {
            const decorated = decoratedName(rng);
            c.outlet.name = decorated.name;
            c.namePinyin = decorated.namePinyin;
            c.nameInitials = decorated.nameInitials;
          }
          if (rng() < 0.15) c.outlet.address = `${pick(rng, DECORATIONS)}长寿路${Math.floor(rng() * 99)}号`;
          return c;
        });
        const ids = await store.insertOutlets(generated.map((c) => c.outlet));
        const byId = new Map((await store.listOutlets()).map((o) => [o.id, o]));
        const cases: StoredCase[] = generated.map((c, i) => ({
          outlet: byId.get(ids[i]!)!,
          namePinyin: c.namePinyin,
          nameInitials: c.nameInitials,
        }));
        const keywords = [...SPECIAL_KEYWORDS, ...Array.from({ length: 150 }, () => drawnKeyword(rng, cases))];
        const numNonEmpty = await assertKeywordsLikeScan(store, cases, keywords, `seed ${seed}, inserted`);
        assert.ok(numNonEmpty > 120, `most keywords must match something (${numNonEmpty} of ${keywords.length})`);

        // Renames, new addresses and status changes: the index must forget the old text and learn the new.
        const oldNames = cases.map((c) => ({ ...c }));
        for (let i = 0; i < 60; i++) {
          const index = Math.floor(rng() * cases.length);
          const decorated = decoratedName(rng);
          const address =
            rng() < 0.3 ? null : rng() < 0.5 ? cases[index]!.outlet.address : `${pick(rng, DECORATIONS)}武宁路${i}号`;
          const status = pick(rng, OUTLET_STATUSES);
          const outlet = await store.updateOutlet(cases[index]!.outlet.id, { name: decorated.name, address, status });
          cases[index] = { outlet, namePinyin: decorated.namePinyin, nameInitials: decorated.nameInitials };
        }
        const later = [
          ...SPECIAL_KEYWORDS,
          ...Array.from({ length: 60 }, () => drawnKeyword(rng, oldNames)),
          ...Array.from({ length: 90 }, () => drawnKeyword(rng, cases)),
        ];
        await assertKeywordsLikeScan(store, cases, later, `seed ${seed}, after updates`);
      }));

    it('matches keywords by full pinyin and initials of a name, case-insensitively', () =>
      withStore(makeStore, async (store) => {
        const [shop, bank] = await store.insertOutlets([
          minimalOutlet({ name: '全家便利店' }),
          minimalOutlet({ name: '工商银行' }),
        ]);
        const names = async (keyword: string) => (await store.listOutlets({ keyword })).map((o) => o.id);
        assert.deepEqual(await names('quanjiabianlidian'), [shop]);
        assert.deepEqual(await names('QJBLD'), [shop]);
        assert.deepEqual(await names('bianli'), [shop]);
        assert.deepEqual(await names('quan jia'), [shop], 'spaces in a pinyin keyword are ignored');
        assert.deepEqual(await names(' 便利 '), [shop], 'surrounding spaces are ignored');
        assert.deepEqual(await names('yinhang'), [bank], '行 reads hang in 银行');
        assert.deepEqual(await names('gsyh'), [bank]);
        assert.deepEqual(await names('yinxing'), []);
      }));

    it('treats % and _ in a keyword as plain characters', () =>
      withStore(makeStore, async (store) => {
        const [percent, underscore, plain] = await store.insertOutlets([
          minimalOutlet({ name: '100%鲜果' }),
          minimalOutlet({ name: 'A_B店' }),
          minimalOutlet({ name: 'AxB店', address: 'back\\slash 路' }),
        ]);
        const ids = async (keyword: string) => (await store.listOutlets({ keyword })).map((o) => o.id);
        assert.deepEqual(await ids('%'), [percent]);
        assert.deepEqual(await ids('0%鲜'), [percent]);
        assert.deepEqual(await ids('_'), [underscore]);
        assert.deepEqual(await ids('a_b'), [underscore]);
        assert.deepEqual(await ids('\\'), [plain]);
        assert.equal(await store.countOutlets({ keyword: '%' }), 1);
      }));

    it('finds outlets on the edges of a bbox and treats an empty status list as matching nothing', () =>
      withStore(makeStore, async (store) => {
        const [corner, inside] = await store.insertOutlets([
          minimalOutlet({ location: [121.4, 31.2] }),
          minimalOutlet({ location: [121.45, 31.25] }),
          minimalOutlet({ location: [121.5000001, 31.25] }),
        ]);
        const bbox: Bbox = [121.4, 31.2, 121.5, 31.3];
        assert.deepEqual(
          (await store.listOutlets({ bbox })).map((o) => o.id),
          [corner, inside],
        );
        assert.deepEqual(await store.listOutlets({ status: [] }), []);
        assert.equal(await store.countOutlets({ status: ['pending', 'closed'] }), 0);
      }));

    it('updates fields, categories, location and name so that later queries see the change', () =>
      withStore(makeStore, async (store) => {
        const [id] = await store.insertOutlets([
          minimalOutlet({ name: '全家', categoryIds: ['convenience_store'], location: [121.4, 31.2] }),
        ]);
        const original = (await store.getOutlet(id!))!;
        await new Promise((resolve) => setTimeout(resolve, 5));
        const updated = await store.updateOutlet(id!, {
          name: '罗森',
          categoryIds: ['breakfast', 'convenience_store'],
          location: [121.6, 31.4],
          status: 'closed',
          phone: '123',
        });
        assert.deepEqual(updated, {
          ...original,
          name: '罗森',
          categoryIds: ['breakfast', 'convenience_store'],
          location: [121.6, 31.4],
          status: 'closed',
          phone: '123',
          updatedAt: updated.updatedAt,
        });
        assert.ok(updated.updatedAt > original.updatedAt, `${updated.updatedAt} after ${original.updatedAt}`);
        assert.equal(updated.createdAt, original.createdAt);
        assert.deepEqual(await store.getOutlet(id!), updated);
        assert.equal(await store.countOutlets({ keyword: 'quanjia' }), 0);
        assert.equal(await store.countOutlets({ keyword: 'luosen' }), 1);
        assert.equal(await store.countOutlets({ categoryId: 'breakfast' }), 1);
        assert.equal(await store.countOutlets({ bbox: [121.39, 31.19, 121.41, 31.21] }), 0);
        assert.equal(await store.countOutlets({ bbox: [121.59, 31.39, 121.61, 31.41] }), 1);
        const unchanged = await store.updateOutlet(id!, {});
        assert.deepEqual({ ...unchanged, updatedAt: '' }, { ...updated, updatedAt: '' });
        await assert.rejects(store.updateOutlet(id! + 1, { name: 'x' }), (e) => isLifecircleError(e, 'NOT_FOUND'));
      }));

    it('refuses an outlet whose merchant or street does not exist with VALIDATION naming the field', () =>
      withStore(makeStore, async (store) => {
        await assert.rejects(
          store.insertOutlets([minimalOutlet({ merchantId: 4242 })]),
          (e) => isLifecircleError(e, 'VALIDATION') && e.details.field === 'merchantId',
        );
        await assert.rejects(
          store.insertOutlets([minimalOutlet({ streetId: 4242 })]),
          (e) => isLifecircleError(e, 'VALIDATION') && e.details.field === 'streetId',
        );
        const [id] = await store.insertOutlets([minimalOutlet()]);
        await assert.rejects(
          store.updateOutlet(id!, { merchantId: 4242 }),
          (e) => isLifecircleError(e, 'VALIDATION') && e.details.field === 'merchantId',
        );
        assert.equal(await store.countOutlets(), 1);
      }));
  });
}
