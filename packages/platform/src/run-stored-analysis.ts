import { DEFAULT_ACCESS_OPTIONS, runAccess } from '@lifecircle/analysis';
import type { Compound as OsmCompound, Outlet as OsmOutlet } from '@lifecircle/osm';
import { ringAreaCentroid } from '@lifecircle/osm';
import type { AccessResult, AnalysisRun, Compound, Taxonomy } from '@lifecircle/shared';
import type { Store } from '@lifecircle/store';
import { requireLatestGraph } from './stored-network.js';

export interface StoredAnalysisOptions {
  /** Walking speed of the stored figures, m/s (results are kept in metres; minutes follow for any profile). */
  speedMps?: number;
  workers?: number;
  userId: number | null;
  requestId: string | null;
}

/**
 * Starts an access run over what the store holds: every compound (entered
 * through its gates) to the nearest active outlet of every walk-evaluated
 * category over the latest network, and the outlets within 15 minutes. The
 * run is recorded as `running` at once; `done` settles when its results are
 * stored and the run is `done` (or `failed`, with the error kept).
 */
export async function startStoredAnalysis(
  store: Store,
  taxonomy: Taxonomy,
  options: StoredAnalysisOptions,
): Promise<{ run: AnalysisRun; done: Promise<AnalysisRun> }> {
  const { info, graph } = await requireLatestGraph(store);
  const speedMps = options.speedMps ?? DEFAULT_ACCESS_OPTIONS.speedMps;
  const categories = taxonomy.categories.filter((c) => c.walkEvaluated);
  const params = { profile: 'adult', speedMps, categories: categories.map((c) => c.id) };
  const run = await store.transaction(async (tx) => {
    const created = await tx.insertAnalysisRun({
      kind: 'access',
      status: 'running',
      networkId: info.id,
      params,
      summary: null,
      error: null,
      startedAt: new Date().toISOString(),
      finishedAt: null,
    });
    await tx.appendAudit({
      userId: options.userId,
      action: 'start',
      entity: 'analysis_run',
      entityId: String(created.id),
      before: null,
      after: created,
      requestId: options.requestId,
    });
    return created;
  });

  const done = (async () => {
    const started = performance.now();
    try {
      const compounds = await store.listCompounds();
      const outlets = await store.listOutlets({ status: ['active'] });
      const result = await runAccess(
        {
          graph,
          categories,
          outlets: outlets.map(toOsmOutlet),
          compounds: compounds.map(toOsmCompound),
          origins: {
            id: compounds.map((c) => String(c.id)),
            lng: Float64Array.from(compounds, (c) => c.location[0]),
            lat: Float64Array.from(compounds, (c) => c.location[1]),
            population: Float64Array.from(compounds, (c) => c.residents),
          },
        },
        { ...DEFAULT_ACCESS_OPTIONS, speedMps, countMinutes: [15], workers: options.workers ?? DEFAULT_ACCESS_OPTIONS.workers },
      );
      const rows: AccessResult[] = [];
      const toMetres = speedMps * 60;
      categories.forEach((category, c) => {
        const minutes = result.minutes[c]!;
        const counts = result.counts[c];
        compounds.forEach((compound, p) => {
          const m = minutes[p]!;
          rows.push({
            runId: run.id,
            compoundId: compound.id,
            categoryId: category.id,
            walkM: Number.isNaN(m) ? null : Math.round(m * toMetres * 10) / 10,
            numWithin15: counts ? counts[p]! : 0,
          });
        });
      });
      const summary = {
        durationMs: Math.round(performance.now() - started),
        numCompounds: compounds.length,
        numOutlets: outlets.length,
        numOriginsOffNetwork: result.numOriginsOffNetwork,
        numOriginsBehindGates: result.numOriginsBehindGates,
        coverage: result.coverage.map((c) => ({
          categoryId: c.categoryId,
          targetMinutes: c.targetMinutes,
          numOutlets: c.numOutlets,
          share: Number.isNaN(c.share) ? null : c.share,
          meanMinutes: Number.isNaN(c.meanMinutes) ? null : c.meanMinutes,
        })),
      };
      return await store.transaction(async (tx) => {
        await tx.insertAccessResults(rows);
        return tx.updateAnalysisRun(run.id, { status: 'done', summary, finishedAt: new Date().toISOString() });
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await store.updateAnalysisRun(run.id, { status: 'failed', error: message, finishedAt: new Date().toISOString() });
      throw error;
    }
  })();
  return { run, done };
}

function toOsmOutlet(outlet: {
  id: number;
  name: string;
  location: readonly [number, number];
  categoryIds: string[];
  openingHours: string | null;
}): OsmOutlet {
  return {
    osmType: 'node',
    osmId: outlet.id,
    lng: outlet.location[0],
    lat: outlet.location[1],
    name: outlet.name,
    categoryIds: outlet.categoryIds,
    openingHours: outlet.openingHours,
    phone: null,
    address: null,
    services: [],
  };
}

/** A stored compound in the shape the access job reads gates from (its outline's outer ring). */
function toOsmCompound(compound: Compound): OsmCompound {
  const outline = compound.outline;
  const ring =
    outline === null ? [] : outline.type === 'Polygon' ? (outline.coordinates[0] ?? []) : (outline.coordinates[0]?.[0] ?? []);
  const ringLng = Float64Array.from(ring, (p) => p[0]);
  const ringLat = Float64Array.from(ring, (p) => p[1]);
  return {
    osmId: compound.id,
    name: compound.name,
    ringLng,
    ringLat,
    areaM2: ring.length >= 3 ? ringAreaCentroid(ringLng, ringLat).areaM2 : 0,
    // Gates only count with an outline to be inside of.
    gateOsmIds: ring.length >= 3 ? compound.gates.map((_, k) => k) : [],
    gateLng: ring.length >= 3 ? compound.gates.map((g) => g[0]) : [],
    gateLat: ring.length >= 3 ? compound.gates.map((g) => g[1]) : [],
  };
}
