import { seededRng } from '@lifecircle/shared';
import type { StoreTx } from '../store.js';
import { adminFixture, minimalOutlet, randomBuildings, randomCompounds } from './fixtures.js';

/** Everything the store holds, read through the interface, to compare before and after. */
export async function snapshot(store: StoreTx): Promise<unknown> {
  const runs = await store.listAnalysisRuns();
  const outlets = await store.listOutlets();
  const merchantIds = [...new Set(outlets.map((o) => o.merchantId).filter((id) => id !== null))];
  const surveys = await store.listSurveys();
  return {
    settings: [await store.getSetting('a'), await store.getSetting('b')],
    districts: await store.listDistricts(),
    streets: await store.listStreets(),
    committees: await store.listCommittees(),
    circles: await store.listCircles(),
    compounds: await store.listCompounds(),
    buildings: await store.listBuildings(),
    outlets,
    merchants: await Promise.all([1, 2, 3, ...merchantIds].map((id) => store.getMerchant(id))),
    users: await store.listUsers(),
    reports: await store.listReports(),
    serviceRequests: await store.listServiceRequests(),
    surveys,
    responses: await Promise.all(surveys.map((s) => store.listSurveyResponses({ surveyId: s.id }))),
    fieldEvaluations: await store.listFieldEvaluations(),
    network: await store.getLatestNetwork(),
    runs,
    access: await Promise.all(runs.map((r) => store.listAccessResults({ runId: r.id }))),
    audit: await store.listAudit(),
    scenarios: await store.listScenarios(),
  };
}

/** Writes to nearly every table through `tx`. */
export async function writeEverything(tx: StoreTx, seed: number): Promise<void> {
  const rng = seededRng(seed);
  await tx.setSetting('a', `written ${seed}`);
  const refs = await adminFixture(tx);
  const compoundIds = await tx.insertCompounds(randomCompounds(rng, 5, refs));
  await tx.insertBuildings(randomBuildings(rng, 5, compoundIds, refs.streetIds));
  const merchant = await tx.insertMerchant({ name: `商户${seed}`, contactName: null, phone: null });
  const [outletId] = await tx.insertOutlets([minimalOutlet({ merchantId: merchant.id, streetId: refs.streetIds[0]! })]);
  const user = await tx.insertUser({
    username: `user${seed}`,
    displayName: 'U',
    role: 'merchant',
    streetId: null,
    merchantId: merchant.id,
    passwordHash: 'h',
    isDisabled: false,
    mustChangePassword: false,
  });
  await tx.insertReport({ outletId: outletId!, kind: 'closed', message: null, streetId: null });
  await tx.insertServiceRequest({ categoryId: null, need: '修鞋', location: [121.4, 31.2], message: null, streetId: null });
  const survey = await tx.insertSurvey({ title: 't', streetId: null, isOpen: true, questions: [] });
  await tx.insertSurveyResponse({ surveyId: survey.id, streetId: null, answers: { q: 1 } });
  await tx.insertFieldEvaluation({
    circleId: refs.circleIds[0]!,
    streetId: refs.streetIds[0]!,
    userId: user.id,
    visitedOn: '2026-11-27',
    checks: [],
    notes: null,
    photos: [],
  });
  const network = await tx.insertNetwork({ name: 'n', source: 'osm', numNodes: 1, numEdges: 0 }, new Uint8Array([seed & 255]));
  const run = await tx.insertAnalysisRun({
    kind: 'access',
    status: 'done',
    networkId: network.id,
    params: {},
    summary: null,
    error: null,
    startedAt: '2026-11-27T00:00:00.000Z',
    finishedAt: null,
  });
  await tx.insertAccessResults([
    { runId: run.id, compoundId: compoundIds[0]!, categoryId: 'breakfast', walkM: null, numWithin15: 0 },
  ]);
  await tx.appendAudit({
    userId: user.id,
    action: 'test',
    entity: 'everything',
    entityId: null,
    before: null,
    after: seed,
    requestId: null,
  });
  await tx.insertScenario({ name: `方案${seed}`, description: null, edits: [], result: { seed }, userId: user.id });
  await tx.insertSession({
    tokenHash: `${seed}`.padStart(64, '0'),
    userId: user.id,
    createdAt: '2026-11-27T00:00:00.000Z',
    expiresAt: '2099-01-01T00:00:00.000Z',
  });
}
