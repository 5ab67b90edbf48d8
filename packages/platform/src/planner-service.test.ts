import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { isLifecircleError } from '@lifecircle/shared';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultTaxonomy } from '@lifecircle/analysis';
import { openSqliteStore, type Store } from '@lifecircle/store';
import { StorePlannerService } from './planner-service.js';
import { seedDemoDistrict } from './seed-demo.js';

const fastHash = async (password: string) => `plain$${password}`;

describe('StorePlannerService on a seeded neighbourhood', () => {
  const taxonomy = defaultTaxonomy();
  let dataDir: string;
  let store: Store;
  let service: StorePlannerService;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'lifecircle-planner-'));
    store = await openSqliteStore(':memory:');
    await seedDemoDistrict(store, { dataDir, taxonomy, hashPassword: fastHash, preset: 'neighbourhood', seed: 3 });
    service = new StorePlannerService(store, taxonomy);
  });
  after(async () => {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('evaluates every circle, and its residents add up to the district', async () => {
    const evaluation = (await service.evaluation({ profile: 'adult', at: null })) as {
      district: { residents: number };
      circles: { residents: number; grade: string }[];
    };
    const compounds = await store.listCompounds();
    assert.equal(
      evaluation.district.residents,
      compounds.reduce((s, c) => s + c.residents, 0),
    );
    assert.equal(evaluation.circles.length, (await store.listCircles()).length);
    assert.equal(
      evaluation.circles.reduce((s, c) => s + c.residents, 0),
      compounds.filter((c) => c.circleId !== null).reduce((s, c) => s + c.residents, 0),
    );
  });

  it('draws a walking-time surface whose residents within target equal the covered residents of the evaluation', async () => {
    for (const query of [
      { profile: 'adult' as const, at: null },
      { profile: 'elderly' as const, at: '07:00' },
    ]) {
      const surface = (await service.surface('breakfast', query)) as {
        features: { properties: { residents: number; minutes: number | null; isWithinTarget: boolean } }[];
      };
      const evaluation = (await service.evaluation(query)) as {
        district: { categories: { categoryId: string; coveredResidents: number }[] };
      };
      const covered = evaluation.district.categories.find((c) => c.categoryId === 'breakfast')!.coveredResidents;
      const within = surface.features.filter((f) => f.properties.isWithinTarget).reduce((s, f) => s + f.properties.residents, 0);
      assert.equal(within, covered, `${query.profile} ${query.at}`);
      assert.equal(surface.features.length, (await store.listCompounds()).length);
    }
  });

  it('reports a what-if gain that equals the change after really adding the outlet', async () => {
    const compounds = (await store.listCompounds()).filter((c) => c.residents > 0);
    const site = compounds[Math.floor(compounds.length / 2)]!.location;
    const edit = {
      kind: 'add_outlet' as const,
      name: '试点助餐点',
      location: [site[0] + 0.0004, site[1]] as [number, number],
      categoryIds: ['community_canteen'],
      openingHours: null,
    };
    const whatIf = (await service.whatIf([edit], { profile: 'elderly', at: null })) as {
      recomputedCategories: string[];
      district: { categories: { categoryId: string; coveredResidentsChange: number }[] };
    };
    assert.deepEqual(whatIf.recomputedCategories, ['community_canteen']);
    const claimed = whatIf.district.categories.find((c) => c.categoryId === 'community_canteen')?.coveredResidentsChange ?? 0;

    const coveredNow = async () => {
      const evaluation = (await service.evaluation({ profile: 'elderly', at: null })) as {
        district: { categories: { categoryId: string; coveredResidents: number }[] };
      };
      return evaluation.district.categories.find((c) => c.categoryId === 'community_canteen')!.coveredResidents;
    };
    const before = await coveredNow();
    await store.insertOutlets([
      {
        name: edit.name,
        categoryIds: edit.categoryIds,
        address: null,
        location: edit.location,
        openingHours: null,
        services: [],
        phone: null,
        status: 'active',
        rejectReason: null,
        source: 'test',
        externalId: null,
        lastVerified: null,
        merchantId: null,
        streetId: null,
      },
    ]);
    service.invalidate();
    assert.equal((await coveredNow()) - before, claimed);
  });

  it('renders the district report as XLSX and PDF, and one circle as PDF', async () => {
    const query = { profile: 'adult' as const, at: '07:00' };
    const xlsx = await service.report('district.xlsx', query);
    assert.equal(new TextDecoder().decode(xlsx.slice(0, 2)), 'PK');
    const pdf = await service.report('district.pdf', query);
    assert.equal(new TextDecoder().decode(pdf.slice(0, 5)), '%PDF-');
    const circle = (await store.listCircles())[0]!;
    const one = await service.report('circle.pdf', { ...query, circleId: circle.id });
    assert.ok(one.length > 1000 && one.length < pdf.length);
  });

  for (const [candidates, profile] of [
    ['nodes', 'adult'],
    ['buildings', 'adult'],
    ['buildings', 'elderly'],
  ] as const) {
    it(`recommends breakfast sites (${candidates}, ${profile}) whose claimed gain a what-if with outlets there confirms`, async () => {
      const result = (await service.recommend({
        categoryId: 'breakfast',
        k: 3,
        method: 'greedy',
        objective: 'coverage',
        elderlyWeight: 0,
        profile,
        candidates,
      })) as { sites: { lng: number; lat: number; gainWeight: number }[]; totalGain: number };
      assert.ok(result.sites.length >= 1 && result.sites.length <= 3);
      assert.ok(result.totalGain > 0);
      const edits = result.sites.map((site, k) => ({
        kind: 'add_outlet' as const,
        name: `推荐早餐点 ${k + 1}`,
        location: [site.lng, site.lat] as [number, number],
        categoryIds: ['breakfast'],
        openingHours: null,
      }));
      const whatIf = (await service.whatIf(edits, { profile, at: null })) as {
        district: { categories: { categoryId: string; coveredResidentsChange: number }[] };
      };
      const gain = whatIf.district.categories.find((c) => c.categoryId === 'breakfast')!.coveredResidentsChange;
      assert.ok(Math.abs(gain - result.totalGain) < 1e-6, `what-if ${gain} vs claimed ${result.totalGain}`);
    });
  }

  it('proposes contiguous circles within the bounds it was given, beside a diagnosis of the existing ones', async () => {
    const result = (await service.delineation({ minResidents: 5000, maxResidents: 20000 })) as {
      proposed: { circles: { compoundIds: number[]; residents: number }[] };
      existing: { circles: { circleId: number }[] };
    };
    const compounds = await store.listCompounds();
    const assigned = result.proposed.circles.flatMap((c) => c.compoundIds).sort((a, b) => a - b);
    assert.deepEqual(
      assigned,
      compounds.map((c) => c.id).sort((a, b) => a - b),
      'every compound in exactly one proposed circle',
    );
    assert.equal(result.existing.circles.length, (await store.listCircles()).length);
  });

  // Found by the API fuzzing (cli/api.fuzz.test.ts): GET /api/planner/delineation?minResidents=70001 was a 500 (a RangeError).
  it('fuzz regression: one residents bound past the other one’s default is VALIDATION naming the bound given', async () => {
    for (const [options, field] of [
      [{ minResidents: 70001 }, 'minResidents'],
      [{ maxResidents: 1000 }, 'maxResidents'],
      [{ minResidents: 20000, maxResidents: 20000 }, 'minResidents'],
    ] as const) {
      await assert.rejects(service.delineation(options), (error: unknown) => {
        assert.ok(isLifecircleError(error, 'VALIDATION'), String(error));
        assert.equal(error.details.field, field);
        return true;
      });
    }
  });
});
