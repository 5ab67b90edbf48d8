import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isLifecircleError, seededRng } from '@lifecircle/shared';
import type { Circle, Compound, Street } from '@lifecircle/shared';
import { describeEvaluationPhotos } from './describe-evaluation-photos.js';
import { describeOutletQueries } from './describe-outlet-queries.js';
import { describeAnalysis, describeAudit, describeFeedback, describeUsers } from './describe-records.js';
import { describeScenarios } from './describe-scenarios.js';
import { describeTransactions } from './describe-transactions.js';
import type { MakeStore } from './fixtures.js';
import {
  MULTI_POLYGON_WITH_HOLE,
  adminFixture,
  insideBbox,
  randomBuildings,
  randomCompounds,
  squareAround,
  withStore,
} from './fixtures.js';

/**
 * The Store conformance suite: every implementation (SQLite in
 * memory and on file, PostgreSQL/PostGIS on a real server) must pass it
 * unchanged. `makeStore` returns a
 * fresh, empty store each time; each test closes the store it made. Nothing
 * here may depend on one database: implementation-specific checks belong
 * beside the implementation.
 */
export function describeStore(name: string, makeStore: MakeStore): void {
  describe(`Store conformance: ${name}`, () => {
    describeSettingsAndAdmin(makeStore);
    describePlaces(makeStore);
    describeOutletQueries(makeStore);
    describeUsers(makeStore);
    describeFeedback(makeStore);
    describeAnalysis(makeStore);
    describeAudit(makeStore);
    describeScenarios(makeStore);
    describeEvaluationPhotos(makeStore);
    describeTransactions(makeStore);
  });
}

const isCode = (code: Parameters<typeof isLifecircleError>[1]) => (error: unknown) => isLifecircleError(error, code);

function describeSettingsAndAdmin(makeStore: MakeStore): void {
  describe('settings and administrative units', () => {
    it('reads back a setting, overwrites it, and returns null for a missing key', () =>
      withStore(makeStore, async (store) => {
        assert.equal(await store.getSetting('demo'), null);
        await store.setSetting('demo', 'seeded 种子');
        await store.setSetting('other', '');
        await store.setSetting('demo', 'v2');
        assert.equal(await store.getSetting('demo'), 'v2');
        assert.equal(await store.getSetting('other'), '');
      }));

    it('round-trips districts, streets and committees with unicode names, null codes and (multi)polygons', () =>
      withStore(makeStore, async (store) => {
        const putuo = await store.insertDistrict({ code: '310107', name: '普陀区', boundary: MULTI_POLYGON_WITH_HOLE });
        const empty = await store.insertDistrict({ code: null, name: 'Ünïcode 区 🏙', boundary: null });
        assert.deepEqual(await store.listDistricts(), [putuo, empty]);
        assert.deepEqual(putuo, { id: putuo.id, code: '310107', name: '普陀区', boundary: MULTI_POLYGON_WITH_HOLE });

        const newStreet: Omit<Street, 'id'> = {
          districtId: putuo.id,
          code: '310107015',
          name: '长寿路街道',
          kind: 'subdistrict',
          boundary: squareAround([121.44, 31.24], 0.01),
        };
        const street = await store.insertStreet(newStreet);
        assert.deepEqual(street, { ...newStreet, id: street.id });
        const town = await store.insertStreet({ districtId: empty.id, code: null, name: '桃浦镇', kind: 'town', boundary: null });
        assert.deepEqual(await store.getStreet(street.id), street);
        assert.equal(await store.getStreet(street.id + town.id + 100), null);
        assert.deepEqual(await store.listStreets(), [street, town]);
        assert.deepEqual(await store.listStreets({ districtId: empty.id }), [town]);

        const renamed = await store.updateStreet(street.id, { name: '长寿路街道（新）', boundary: null });
        assert.deepEqual(renamed, { ...street, name: '长寿路街道（新）', boundary: null });
        assert.deepEqual(await store.getStreet(street.id), renamed);
        await assert.rejects(store.updateStreet(9999, { name: 'x' }), isCode('NOT_FOUND'));

        const committee = await store.insertCommittee({ streetId: street.id, code: null, name: '普雄居委会', boundary: null });
        const other = await store.insertCommittee({
          streetId: town.id,
          code: '310107101001',
          name: '桃浦村',
          boundary: squareAround([121.35, 31.28], 0.005),
        });
        assert.deepEqual(await store.listCommittees(), [committee, other]);
        assert.deepEqual(await store.listCommittees({ streetId: town.id }), [other]);
      }));

    it('keeps circle links sorted, lists circles by the streets they touch, and replaces links on update', () =>
      withStore(makeStore, async (store) => {
        const district = await store.insertDistrict({ code: null, name: '普陀区', boundary: null });
        const streets: Street[] = [];
        for (const name of ['甲', '乙', '丙']) {
          streets.push(
            await store.insertStreet({ districtId: district.id, code: null, name, kind: 'subdistrict', boundary: null }),
          );
        }
        const [a, b, c] = streets.map((s) => s.id) as [number, number, number];
        const committees = [];
        for (const streetId of [a, b, c]) {
          committees.push((await store.insertCommittee({ streetId, code: null, name: `居委${streetId}`, boundary: null })).id);
        }
        const first = await store.insertCircle({
          districtId: district.id,
          code: 'C1',
          name: '一号生活圈',
          boundary: squareAround([121.44, 31.24], 0.01),
          streetIds: [c, a],
          committeeIds: [committees[2]!, committees[0]!],
        });
        assert.deepEqual(first.streetIds, [a, c]);
        assert.deepEqual(first.committeeIds, [committees[0], committees[2]]);
        const second = await store.insertCircle({
          districtId: district.id,
          code: null,
          name: '二号生活圈',
          boundary: null,
          streetIds: [b],
          committeeIds: [],
        });
        assert.deepEqual(await store.getCircle(first.id), first);
        assert.equal(await store.getCircle(first.id + second.id + 100), null);
        assert.deepEqual(await store.listCircles(), [first, second]);
        assert.deepEqual(await store.listCircles({ streetId: a }), [first]);
        assert.deepEqual(await store.listCircles({ streetId: b }), [second]);
        assert.deepEqual(await store.listCircles({ streetId: 9999 }), []);

        const moved: Circle = await store.updateCircle(second.id, { streetIds: [c, b, a], name: '二号' });
        assert.deepEqual(moved, { ...second, name: '二号', streetIds: [a, b, c] });
        assert.deepEqual(
          (await store.listCircles({ streetId: a })).map((x) => x.id),
          [first.id, second.id],
        );
        const unlinked = await store.updateCircle(first.id, { streetIds: [] });
        assert.deepEqual(unlinked.streetIds, []);
        assert.deepEqual(unlinked.committeeIds, first.committeeIds, 'committees are kept when only streets change');
        assert.deepEqual(
          (await store.listCircles({ streetId: c })).map((x) => x.id),
          [second.id],
        );
        await assert.rejects(store.updateCircle(9999, { name: 'x' }), isCode('NOT_FOUND'));
      }));
  });
}

function describePlaces(makeStore: MakeStore): void {
  describe('compounds and buildings', () => {
    it('returns ids in input order and round-trips every compound field, nulls included', () =>
      withStore(makeStore, async (store) => {
        const rng = seededRng(11);
        const input = randomCompounds(rng, 40, { streetIds: [], committeeIds: [], circleIds: [] });
        const ids = await store.insertCompounds(input);
        assert.equal(ids.length, input.length);
        assert.equal(new Set(ids).size, ids.length);
        for (let i = 0; i < ids.length; i++) assert.deepEqual(await store.getCompound(ids[i]!), { ...input[i], id: ids[i] });
        assert.deepEqual(await store.listCompounds(), input.map((c, i) => ({ ...c, id: ids[i]! })).sort(byId));
        assert.equal(await store.getCompound(Math.max(...ids) + 1), null);
        assert.deepEqual(await store.insertCompounds([]), []);
      }));

    it('filters compounds by street, committee, circle and bbox like a linear scan', () =>
      withStore(makeStore, async (store) => {
        const seed = 12;
        const rng = seededRng(seed);
        const refs = await adminFixture(store);
        const input = randomCompounds(rng, 200, refs);
        const ids = await store.insertCompounds(input);
        const all: Compound[] = input.map((c, i) => ({ ...c, id: ids[i]! }));
        for (let trial = 0; trial < 30; trial++) {
          const lng = 121.4 + rng() * 0.08;
          const lat = 31.2 + rng() * 0.08;
          const filter = {
            streetId: rng() < 0.5 ? refs.streetIds[trial % refs.streetIds.length] : undefined,
            committeeId: rng() < 0.3 ? refs.committeeIds[trial % refs.committeeIds.length] : undefined,
            circleId: rng() < 0.3 ? refs.circleIds[trial % refs.circleIds.length] : undefined,
            bbox:
              rng() < 0.5 ? ([lng, lat, lng + rng() * 0.04, lat + rng() * 0.04] as [number, number, number, number]) : undefined,
          };
          const expected = all.filter(
            (c) =>
              (filter.streetId === undefined || c.streetId === filter.streetId) &&
              (filter.committeeId === undefined || c.committeeId === filter.committeeId) &&
              (filter.circleId === undefined || c.circleId === filter.circleId) &&
              (!filter.bbox || insideBbox(c.location, filter.bbox)),
          );
          assert.deepEqual(
            await store.listCompounds(filter),
            expected,
            `seed ${seed}, trial ${trial}: ${JSON.stringify(filter)}`,
          );
        }
      }));

    it('updates a compound, refuses a duplicate external id of one source, and reports a missing one', () =>
      withStore(makeStore, async (store) => {
        const [input] = randomCompounds(seededRng(13), 1, { streetIds: [], committeeIds: [], circleIds: [] });
        const [id] = await store.insertCompounds([{ ...input!, source: 'osm', externalId: 'way/1' }]);
        const updated = await store.updateCompound(id!, { residents: 1234, gates: [], outline: null, households: null });
        assert.deepEqual(updated, {
          ...input!,
          source: 'osm',
          externalId: 'way/1',
          id,
          residents: 1234,
          gates: [],
          outline: null,
          households: null,
        });
        assert.deepEqual(await store.getCompound(id!), updated);
        await assert.rejects(store.insertCompounds([{ ...input!, source: 'osm', externalId: 'way/1' }]), isCode('CONFLICT'));
        // The same external id from another source, and repeated null ids, are fine.
        await store.insertCompounds([
          { ...input!, source: 'csv:b.csv', externalId: 'way/1' },
          { ...input!, externalId: null },
          { ...input!, externalId: null },
        ]);
        await assert.rejects(store.updateCompound(id! + 100, { name: 'x' }), isCode('NOT_FOUND'));
      }));

    it('round-trips buildings and filters them by compound and street like a linear scan', () =>
      withStore(makeStore, async (store) => {
        const seed = 14;
        const rng = seededRng(seed);
        const refs = await adminFixture(store);
        const compoundIds = await store.insertCompounds(randomCompounds(rng, 10, refs));
        const input = randomBuildings(rng, 300, compoundIds, refs.streetIds);
        const ids = await store.insertBuildings(input);
        const all = input.map((b, i) => ({ ...b, id: ids[i]! }));
        assert.deepEqual(await store.listBuildings(), all);
        for (const compoundId of compoundIds.slice(0, 4)) {
          for (const streetId of [undefined, refs.streetIds[0]]) {
            const expected = all.filter(
              (b) => b.compoundId === compoundId && (streetId === undefined || b.streetId === streetId),
            );
            assert.deepEqual(await store.listBuildings({ compoundId, streetId }), expected, `seed ${seed}`);
          }
        }
        assert.deepEqual(
          await store.listBuildings({ streetId: refs.streetIds[1] }),
          all.filter((b) => b.streetId === refs.streetIds[1]),
        );
      }));
  });
}

function byId(a: { id: number }, b: { id: number }): number {
  return a.id - b.id;
}
