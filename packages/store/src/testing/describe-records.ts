import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isLifecircleError, seededRng } from '@lifecircle/shared';
import type { AuditEntry } from '@lifecircle/shared';
import type { MakeStore } from './fixtures.js';
import { adminFixture, isWithin, minimalOutlet, randomCompounds, withStore } from './fixtures.js';

const isCode = (code: Parameters<typeof isLifecircleError>[1]) => (error: unknown) => isLifecircleError(error, code);

/** Merchants, users and sessions. */
export function describeUsers(makeStore: MakeStore): void {
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
        // The errors name what went wrong: the table and column of a conflict, the field and key of a missing reference.
        await assert.rejects(
          store.insertUser({ ...base, username: 'admin' }),
          (error) => isLifecircleError(error, 'CONFLICT') && String(error.details.reason).includes('users.username'),
        );
        await assert.rejects(
          store.insertUser({ ...base, username: 'b', streetId: 77 }),
          (error) =>
            isLifecircleError(error, 'VALIDATION') &&
            error.details.field === 'streetId' &&
            /77/.test(String(error.details.reason)),
        );
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

        // A password change ends the user's other sessions, not other users' ones.
        const other = await store.insertUser({ ...(await store.getUser(user.id))!, username: 'v' });
        const mine = [session('d'.repeat(64), '2026-11-29T00:00:00.000Z'), session('e'.repeat(64), '2026-11-29T00:00:00.000Z')];
        for (const s of mine) await store.insertSession(s);
        const theirs = { ...session('9'.repeat(64), '2026-11-29T00:00:00.000Z'), userId: other.id };
        await store.insertSession(theirs);
        assert.equal(await store.deleteUserSessions(user.id, mine[0]!.tokenHash), 2, 'late and the second of mine');
        assert.deepEqual(await store.getSession(mine[0]!.tokenHash, '2026-11-27T12:00:00.000Z'), mine[0]);
        assert.equal(await store.getSession(mine[1]!.tokenHash, '2026-11-27T12:00:00.000Z'), null);
        assert.deepEqual(await store.getSession(theirs.tokenHash, '2026-11-27T12:00:00.000Z'), theirs);
        assert.equal(await store.deleteUserSessions(user.id), 1);
      }));
  });
}

/** Reports, service requests, surveys and field evaluations. */
export function describeFeedback(makeStore: MakeStore): void {
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

/** Networks, analysis runs and access results. */
export function describeAnalysis(makeStore: MakeStore): void {
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

    it('keeps the interrupted status of a run whose process died, lists it by status, and lets it run again', () =>
      withStore(makeStore, async (store) => {
        const run = await store.insertAnalysisRun({
          kind: 'access',
          status: 'running',
          networkId: null,
          params: { speedMps: 1.2 },
          summary: { owner: { host: 'h', pid: 1 } },
          error: null,
          startedAt: '2026-11-03T08:00:00.000Z',
          finishedAt: null,
        });
        const interrupted = await store.updateAnalysisRun(run.id, { status: 'interrupted', error: 'process 1 died' });
        assert.equal(interrupted.status, 'interrupted');
        assert.deepEqual(await store.listAnalysisRuns({ status: 'interrupted' }), [interrupted]);
        assert.deepEqual(await store.listAnalysisRuns({ status: 'running' }), []);
        const resumed = await store.updateAnalysisRun(run.id, { status: 'running', error: null });
        assert.deepEqual(resumed, { ...run, status: 'running' });
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

/** The audit log. */
export function describeAudit(makeStore: MakeStore): void {
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
