import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isLifecircleError, seededRng } from '@lifecircle/shared';
import type { AuditEntry, Circle, Compound, Street } from '@lifecircle/shared';
import { describeOutletQueries } from './describe-outlet-queries.js';
import { describeTransactions } from './describe-transactions.js';
import type { MakeStore } from './fixtures.js';
import {
  MULTI_POLYGON_WITH_HOLE,
  adminFixture,
  insideBbox,
  isWithin,
  minimalOutlet,
  randomBuildings,
  randomCompounds,
  squareAround,
  withStore,
} from './fixtures.js';

/**
 * The Store conformance suite: every implementation (SQLite now,
 * PostgreSQL/PostGIS later) must pass it unchanged. `makeStore` returns a
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

function describeUsers(makeStore: MakeStore): void {
  describe('merchants, users and sessions', () => {
    it('round-trips merchants and users, with store-set createdAt', () =>
      withStore(makeStore, async (store) => {
        const before = new Date().toISOString();
        const merchant = await store.insertMerchant({ name: '罗森（长寿路店）', contactName: null, phone: '021-1234' });
        const refs = await adminFixture(store);
        const user = await store.insertUser({
          username: 'putuo.zhang',
          displayName: '张三',
          role: 'street_office',
          streetId: refs.streetIds[0]!,
          merchantId: null,
          passwordHash: 'scrypt$16384$8$1$c2FsdA==$aGFzaA==',
          isDisabled: false,
          mustChangePassword: true,
        });
        const owner = await store.insertUser({
          username: 'lawson',
          displayName: 'Lawson',
          role: 'merchant',
          streetId: null,
          merchantId: merchant.id,
          passwordHash: 'h',
          isDisabled: true,
          mustChangePassword: false,
        });
        const after = new Date().toISOString();
        assert.ok(isWithin(merchant.createdAt, before, after), merchant.createdAt);
        assert.ok(isWithin(user.createdAt, before, after), user.createdAt);
        assert.deepEqual(await store.getMerchant(merchant.id), merchant);
        assert.equal(await store.getMerchant(merchant.id + 100), null);
        assert.deepEqual(await store.getUser(user.id), user);
        assert.equal(user.mustChangePassword, true);
        assert.equal(owner.isDisabled, true);
        assert.deepEqual(await store.getUserByUsername('lawson'), owner);
        assert.equal(await store.getUserByUsername('LAWSON '), null);
        assert.deepEqual(await store.listUsers(), [user, owner]);
        assert.deepEqual(await store.listUsers({ role: 'merchant' }), [owner]);
        assert.deepEqual(await store.listUsers({ streetId: refs.streetIds[0] }), [user]);
        assert.deepEqual(await store.listUsers({ role: 'merchant', streetId: refs.streetIds[0] }), []);
      }));

    it('refuses a taken username with CONFLICT and updates a user, NOT_FOUND for a missing one', () =>
      withStore(makeStore, async (store) => {
        const base = {
          displayName: 'A',
          role: 'commission' as const,
          streetId: null,
          merchantId: null,
          passwordHash: 'h',
          isDisabled: false,
          mustChangePassword: false,
        };
        const user = await store.insertUser({ ...base, username: 'admin' });
        await assert.rejects(store.insertUser({ ...base, username: 'admin' }), isCode('CONFLICT'));
        const updated = await store.updateUser(user.id, { passwordHash: 'h2', mustChangePassword: true, displayName: '管理员' });
        assert.deepEqual(updated, { ...user, passwordHash: 'h2', mustChangePassword: true, displayName: '管理员' });
        assert.deepEqual(await store.getUser(user.id), updated);
        const other = await store.insertUser({ ...base, username: 'other' });
        await assert.rejects(store.updateUser(other.id, { username: 'admin' }), isCode('CONFLICT'));
        await assert.rejects(store.updateUser(9999, { displayName: 'x' }), isCode('NOT_FOUND'));
        await assert.rejects(store.insertUser({ ...base, username: 'ghost', merchantId: 9999 }), isCode('VALIDATION'));
      }));

    it('returns a session only before it expires, and deletes sessions one by one or by expiry', () =>
      withStore(makeStore, async (store) => {
        const user = await store.insertUser({
          username: 'u',
          displayName: 'U',
          role: 'commission',
          streetId: null,
          merchantId: null,
          passwordHash: 'h',
          isDisabled: false,
          mustChangePassword: false,
        });
        const session = (tokenHash: string, expiresAt: string) => ({
          tokenHash,
          userId: user.id,
          createdAt: '2026-11-27T08:00:00.000Z',
          expiresAt,
        });
        const early = session('a'.repeat(64), '2026-11-27T09:00:00.000Z');
        const late = session('b'.repeat(64), '2026-11-28T09:00:00.000Z');
        const third = session('c'.repeat(64), '2026-11-27T10:00:00.000Z');
        for (const s of [early, late, third]) await store.insertSession(s);
        await assert.rejects(store.insertSession(early), isCode('CONFLICT'));
        assert.deepEqual(await store.getSession(early.tokenHash, '2026-11-27T08:59:59.999Z'), early);
        assert.equal(await store.getSession(early.tokenHash, '2026-11-27T09:00:00.000Z'), null, 'expired at its expiry time');
        assert.equal(await store.getSession('f'.repeat(64), '2026-11-27T08:00:00.000Z'), null);
        await store.deleteSession(third.tokenHash);
        assert.equal(await store.getSession(third.tokenHash, '2026-11-27T08:00:00.000Z'), null);
        await store.deleteSession('missing');
        assert.equal(await store.deleteExpiredSessions('2026-11-27T12:00:00.000Z'), 1);
        assert.equal(await store.getSession(early.tokenHash, '2026-11-27T08:00:00.000Z'), null, 'deleted, not just expired');
        assert.deepEqual(await store.getSession(late.tokenHash, '2026-11-27T12:00:00.000Z'), late);
        assert.equal(await store.deleteExpiredSessions('2026-11-27T12:00:00.000Z'), 0);
      }));
  });
}

function describeFeedback(makeStore: MakeStore): void {
  describe('reports, service requests, surveys and field evaluations', () => {
    it('opens reports and service requests, filters them, and resolves a report', () =>
      withStore(makeStore, async (store) => {
        const refs = await adminFixture(store);
        const [s1, s2] = refs.streetIds as [number, number];
        const [outletId] = await store.insertOutlets([minimalOutlet({ streetId: s1 })]);
        const before = new Date().toISOString();
        const r1 = await store.insertReport({ outletId: outletId!, kind: 'closed', message: '已经关门了', streetId: s1 });
        const r2 = await store.insertReport({ outletId: outletId!, kind: 'wrong_info', message: null, streetId: null });
        assert.deepEqual(r1, {
          id: r1.id,
          outletId,
          kind: 'closed',
          message: '已经关门了',
          streetId: s1,
          status: 'open',
          createdAt: r1.createdAt,
        });
        assert.ok(isWithin(r1.createdAt, before, new Date().toISOString()));
        assert.deepEqual(await store.listReports(), [r1, r2]);
        assert.deepEqual(await store.listReports({ streetId: s1 }), [r1]);
        assert.deepEqual(await store.listReports({ outletId: outletId! }), [r1, r2]);
        const resolved = await store.updateReportStatus(r2.id, 'resolved');
        assert.deepEqual(resolved, { ...r2, status: 'resolved' });
        assert.deepEqual(await store.listReports({ status: 'open' }), [r1]);
        assert.deepEqual(await store.listReports({ status: 'resolved', outletId: outletId! }), [resolved]);
        await assert.rejects(store.updateReportStatus(9999, 'resolved'), isCode('NOT_FOUND'));
        await assert.rejects(
          store.insertReport({ outletId: 9999, kind: 'closed', message: null, streetId: null }),
          isCode('VALIDATION'),
        );

        const q1 = await store.insertServiceRequest({
          categoryId: 'repair',
          need: '修鞋',
          location: [121.44, 31.24],
          message: null,
          streetId: s2,
        });
        const q2 = await store.insertServiceRequest({
          categoryId: null,
          need: '磨刀',
          location: [121.45, 31.25],
          message: '楼下',
          streetId: null,
        });
        assert.deepEqual(q1, {
          id: q1.id,
          categoryId: 'repair',
          need: '修鞋',
          location: [121.44, 31.24],
          message: null,
          streetId: s2,
          status: 'open',
          createdAt: q1.createdAt,
        });
        assert.deepEqual(await store.listServiceRequests(), [q1, q2]);
        assert.deepEqual(await store.listServiceRequests({ streetId: s2, status: 'open' }), [q1]);
        assert.deepEqual(await store.listServiceRequests({ status: 'resolved' }), []);
      }));

    it('round-trips surveys with questions, responses with answers, and field evaluations', () =>
      withStore(makeStore, async (store) => {
        const refs = await adminFixture(store);
        const [s1, s2] = refs.streetIds as [number, number];
        const survey = await store.insertSurvey({
          title: '便民生活圈满意度调查',
          streetId: null,
          isOpen: true,
          questions: [
            { id: 'q1', text: '您对早餐供应满意吗？', kind: 'rating' },
            { id: 'q2', text: '最缺什么？', kind: 'choice', options: ['修鞋', '配钥匙'] },
            { id: 'q3', text: '其他建议', kind: 'text' },
          ],
        });
        const local = await store.insertSurvey({ title: 'B', streetId: s1, isOpen: false, questions: [] });
        assert.deepEqual(await store.getSurvey(survey.id), survey);
        assert.equal(await store.getSurvey(9999), null);
        assert.deepEqual(await store.listSurveys(), [survey, local]);
        assert.deepEqual(await store.listSurveys({ streetId: s1 }), [local]);
        const a1 = await store.insertSurveyResponse({
          surveyId: survey.id,
          streetId: s1,
          answers: { q1: 4, q2: '修鞋', q3: '' },
        });
        const a2 = await store.insertSurveyResponse({ surveyId: survey.id, streetId: null, answers: {} });
        await store.insertSurveyResponse({ surveyId: local.id, streetId: s1, answers: { x: 1 } });
        assert.deepEqual(a1.answers, { q1: 4, q2: '修鞋', q3: '' });
        assert.deepEqual(await store.listSurveyResponses({ surveyId: survey.id }), [a1, a2]);
        assert.deepEqual(await store.listSurveyResponses({ surveyId: survey.id, streetId: s1 }), [a1]);

        const inspector = await store.insertUser({
          username: 'inspector',
          displayName: '李四',
          role: 'street_office',
          streetId: s1,
          merchantId: null,
          passwordHash: 'h',
          isDisabled: false,
          mustChangePassword: false,
        });
        const circleId = refs.circleIds[0]!;
        const evaluation = await store.insertFieldEvaluation({
          circleId,
          streetId: s1,
          userId: inspector.id,
          visitedOn: '2026-11-20',
          checks: [
            { categoryId: 'breakfast', isPresent: true, note: null },
            { categoryId: 'repair', isPresent: false, note: '无修鞋点' },
          ],
          notes: null,
          photos: ['a.jpg', 'https://example.org/b.jpg'],
        });
        const other = await store.insertFieldEvaluation({
          circleId: refs.circleIds[1]!,
          streetId: s2,
          userId: inspector.id,
          visitedOn: '2026-11-21',
          checks: [],
          notes: '整体良好',
          photos: [],
        });
        assert.deepEqual(evaluation.checks[1], { categoryId: 'repair', isPresent: false, note: '无修鞋点' });
        assert.deepEqual(evaluation.photos, ['a.jpg', 'https://example.org/b.jpg']);
        assert.deepEqual(await store.listFieldEvaluations(), [evaluation, other]);
        assert.deepEqual(await store.listFieldEvaluations({ streetId: s2 }), [other]);
        assert.deepEqual(await store.listFieldEvaluations({ circleId, streetId: s1 }), [evaluation]);
      }));
  });
}

function describeAnalysis(makeStore: MakeStore): void {
  describe('networks, analysis runs and access results', () => {
    it('round-trips network bytes exactly and returns the newest network as the latest', () =>
      withStore(makeStore, async (store) => {
        assert.equal(await store.getLatestNetwork(), null);
        const rng = seededRng(21);
        const bytes = Uint8Array.from({ length: 100_003 }, () => Math.floor(rng() * 256));
        bytes.fill(0, 10, 1000);
        const first = await store.insertNetwork({ name: '普陀步行网', source: 'osm', numNodes: 10, numEdges: 20 }, bytes);
        assert.deepEqual(first, {
          id: first.id,
          name: '普陀步行网',
          source: 'osm',
          numNodes: 10,
          numEdges: 20,
          createdAt: first.createdAt,
        });
        let latest = await store.getLatestNetwork();
        assert.deepEqual(latest?.info, first);
        assert.ok(latest?.graph instanceof Uint8Array);
        assert.equal(Buffer.compare(Buffer.from(latest.graph), Buffer.from(bytes)), 0);
        // A view into a larger buffer stores only the view's bytes.
        const view = bytes.subarray(7, 107);
        const second = await store.insertNetwork({ name: 'b', source: 'generator', numNodes: 1, numEdges: 0 }, view);
        latest = await store.getLatestNetwork();
        assert.deepEqual(latest?.info, second);
        assert.deepEqual([...latest!.graph], [...view]);
      }));

    it('round-trips runs, lists them newest first with status and limit, and updates them', () =>
      withStore(makeStore, async (store) => {
        const network = await store.insertNetwork(
          { name: 'n', source: 'osm', numNodes: 0, numEdges: 0 },
          new Uint8Array([1, 2, 3]),
        );
        const base = { kind: 'access', networkId: network.id, summary: null, error: null, finishedAt: null };
        const old = await store.insertAnalysisRun({
          ...base,
          status: 'done',
          params: { speedMps: 1.2, categories: ['breakfast'], nested: { a: null } },
          startedAt: '2026-11-01T08:00:00.000Z',
          finishedAt: '2026-11-01T08:05:00.000Z',
          summary: { covered: 0.8 },
        });
        const failed = await store.insertAnalysisRun({
          ...base,
          networkId: null,
          status: 'failed',
          params: {},
          error: 'NO_NETWORK',
          startedAt: '2026-11-02T08:00:00.000Z',
        });
        const running = await store.insertAnalysisRun({
          ...base,
          status: 'running',
          params: {},
          startedAt: '2026-11-03T08:00:00.000Z',
        });
        assert.deepEqual(await store.getAnalysisRun(old.id), old);
        assert.deepEqual(old.params, { speedMps: 1.2, categories: ['breakfast'], nested: { a: null } });
        assert.equal(await store.getAnalysisRun(9999), null);
        assert.deepEqual(await store.listAnalysisRuns(), [running, failed, old]);
        assert.deepEqual(await store.listAnalysisRuns({ limit: 2 }), [running, failed]);
        assert.deepEqual(await store.listAnalysisRuns({ status: 'done' }), [old]);
        const done = await store.updateAnalysisRun(running.id, {
          status: 'done',
          finishedAt: '2026-11-03T08:01:00.000Z',
          summary: { n: 1 },
        });
        assert.deepEqual(done, { ...running, status: 'done', finishedAt: '2026-11-03T08:01:00.000Z', summary: { n: 1 } });
        assert.deepEqual(await store.listAnalysisRuns({ status: 'done' }), [done, old]);
        await assert.rejects(store.updateAnalysisRun(9999, { status: 'done' }), isCode('NOT_FOUND'));
      }));

    it('round-trips access results with null walkM, filters them, and refuses a duplicate key', () =>
      withStore(makeStore, async (store) => {
        const seed = 22;
        const rng = seededRng(seed);
        const compoundIds = await store.insertCompounds(
          randomCompounds(rng, 20, { streetIds: [], committeeIds: [], circleIds: [] }),
        );
        const run = await store.insertAnalysisRun({
          kind: 'access',
          status: 'done',
          networkId: null,
          params: {},
          summary: null,
          error: null,
          startedAt: '2026-11-01T00:00:00.000Z',
          finishedAt: null,
        });
        const results = [];
        for (const compoundId of compoundIds) {
          for (const categoryId of ['breakfast', 'pharmacy', 'barber']) {
            const walkM = rng() < 0.2 ? null : Math.round(rng() * 2000 * 10) / 10;
            results.push({
              runId: run.id,
              compoundId,
              categoryId,
              walkM,
              numWithin15: walkM === null ? 0 : Math.floor(rng() * 9),
            });
          }
        }
        // Inserted in shuffled order; listed by compound, then category.
        const shuffled = [...results].sort(() => rng() - 0.5);
        await store.insertAccessResults(shuffled);
        const sorted = [...results].sort((a, b) => a.compoundId - b.compoundId || (a.categoryId < b.categoryId ? -1 : 1));
        assert.deepEqual(await store.listAccessResults({ runId: run.id }), sorted);
        assert.ok(sorted.some((r) => r.walkM === null));
        assert.deepEqual(
          await store.listAccessResults({ runId: run.id, compoundId: compoundIds[3] }),
          sorted.filter((r) => r.compoundId === compoundIds[3]),
        );
        assert.deepEqual(
          await store.listAccessResults({ runId: run.id, categoryId: 'pharmacy' }),
          sorted.filter((r) => r.categoryId === 'pharmacy'),
        );
        assert.deepEqual(await store.listAccessResults({ runId: run.id + 1 }), []);
        await assert.rejects(store.insertAccessResults([results[0]!]), isCode('CONFLICT'));
        await store.insertAccessResults([]);
      }));
  });
}

function describeAudit(makeStore: MakeStore): void {
  describe('audit log', () => {
    it('appends entries with a store-set time, lists them newest first and filters them', () =>
      withStore(makeStore, async (store) => {
        const user = await store.insertUser({
          username: 'a',
          displayName: 'A',
          role: 'commission',
          streetId: null,
          merchantId: null,
          passwordHash: 'h',
          isDisabled: false,
          mustChangePassword: false,
        });
        const before = new Date().toISOString();
        const e1 = await store.appendAudit({
          userId: user.id,
          action: 'update',
          entity: 'outlet',
          entityId: '7',
          before: { name: '全家', services: [] },
          after: { name: '全家便利店', services: ['代收代发'] },
          requestId: 'req-1',
        });
        assert.ok(isWithin(e1.at, before, new Date().toISOString()), e1.at);
        const e2 = await store.appendAudit({
          userId: null,
          action: 'import',
          entity: 'outlets',
          entityId: null,
          before: null,
          after: 3,
          requestId: null,
        });
        const e3 = await store.appendAudit({
          userId: user.id,
          action: 'approve',
          entity: 'outlet',
          entityId: '8',
          before: 'pending',
          after: 'active',
          requestId: null,
        });
        const historic = await store.appendAudit({
          at: '2020-01-01T00:00:00.000Z',
          userId: null,
          action: 'seed',
          entity: 'outlet',
          entityId: '7',
          before: null,
          after: [1, '二'],
          requestId: null,
        });
        assert.equal(historic.at, '2020-01-01T00:00:00.000Z');
        assert.deepEqual(e1.after, { name: '全家便利店', services: ['代收代发'] });
        const all: AuditEntry[] = await store.listAudit();
        assert.deepEqual(all, [e3, e2, e1, historic]);
        assert.deepEqual(await store.listAudit({ limit: 2 }), [e3, e2]);
        assert.deepEqual(await store.listAudit({ entity: 'outlet' }), [e3, e1, historic]);
        assert.deepEqual(await store.listAudit({ entity: 'outlet', entityId: '7' }), [e1, historic]);
        assert.deepEqual(await store.listAudit({ userId: user.id, limit: 1 }), [e3]);
      }));
  });
}

function byId(a: { id: number }, b: { id: number }): number {
  return a.id - b.id;
}
