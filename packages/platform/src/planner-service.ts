import {
  buildCompoundGraph,
  buildCoverageInstance,
  categoryDistances,
  recommendSites,
  buildPlannerModel,
  delineateCircles,
  diagnoseCircles,
  DEFAULT_DELINEATE_OPTIONS,
  chinaWallClock,
  circlePortrait,
  circleShortfalls,
  DEFAULT_GRADING_RULES,
  distancesAt,
  evaluateDistances,
  Scenario,
  sharingLedger,
  type CategoryDistances,
  type Evaluation,
  type GradingRules,
  type PlannerModel,
  type ScenarioEdit as PlannerEdit,
} from '@lifecircle/planner';
import { attachPoints, emptySnap, snapToNetwork, WALKING_PROFILES, type PointSet } from '@lifecircle/engine';
import { LifecircleError, type ScenarioEdit, type Taxonomy } from '@lifecircle/shared';
import type { Store } from '@lifecircle/store';
import { AreaLocator } from './area-locator.js';
import { plannerInputFromStore } from './planner-input-from-store.js';
import { buildDistrictReport, type ReportKind, renderReport } from './planner-report.js';

/** Profile and time of day of a planner figure (`at` China wall-clock HH:MM, or null to ignore opening hours). */
export interface PlannerQuery {
  profile: 'adult' | 'elderly';
  at: string | null;
}

/** Times of day whose distances are kept per model. */
const MAX_CACHED_TIMES = 6;

/** A building counts as a ground-floor shop candidate when it stands this close to a walkable way (metres). */
const GROUND_FLOOR_MAX_M = 30;

/** Ids given to what-if outlets and compounds, above any store id. */
const EDIT_ID_BASE = 1_000_000_000;

/**
 * The planner workbench over the store: keeps one planner model (network,
 * snapped compounds and outlets) and the category distances per time of day
 * in memory, and rebuilds them after `invalidate()` (the server calls it when
 * outlets, compounds or the network change). Results are plain JSON.
 */
export class StorePlannerService {
  private model: Promise<PlannerModel> | null = null;
  /** Category distances per model (a rebuilt model never sees an older model's tables) and China day + time. */
  private readonly distanceCache = new WeakMap<PlannerModel, Map<string, Map<string, CategoryDistances>>>();
  private readonly demandCache = new WeakMap<PlannerModel, PointSet>();

  constructor(
    private readonly store: Store,
    private readonly taxonomy: Taxonomy,
    private readonly rules: GradingRules = DEFAULT_GRADING_RULES,
  ) {}

  invalidate(): void {
    this.model = null;
  }

  /** The model, built once per data version. */
  getModel(): Promise<PlannerModel> {
    if (this.model === null) {
      const building = plannerInputFromStore(this.store, this.taxonomy).then((input) => buildPlannerModel(input));
      // A failed build is not cached: the next call tries again.
      building.catch(() => {
        if (this.model === building) this.model = null;
      });
      this.model = building;
    }
    return this.model;
  }

  /** `HH:MM` today in China, as the planner reads times (local fields = China wall clock); null stays null. */
  openAt(at: string | null): Date | null {
    if (at === null) return null;
    const [hours, minutes] = at.split(':').map(Number) as [number, number];
    const wall = chinaWallClock(new Date());
    wall.setHours(hours, minutes, 0, 0);
    return wall;
  }

  private async distances(at: string | null): Promise<{ model: PlannerModel; table: Map<string, CategoryDistances> }> {
    const model = await this.getModel();
    let tables = this.distanceCache.get(model);
    if (tables === undefined) this.distanceCache.set(model, (tables = new Map()));
    // Weekday rules (Mo-Fr) make today's 07:00 differ from yesterday's: the key holds the China date.
    const openAt = this.openAt(at);
    const key = openAt === null ? 'any' : `${openAt.toDateString()} ${at}`;
    let table = tables.get(key);
    if (table === undefined) {
      table = distancesAt(model, openAt);
      // A few times of day are asked for at once (07:00, 12:00, 20:00); any more are recomputed rather than kept.
      if (tables.size >= MAX_CACHED_TIMES) tables.clear();
      tables.set(key, table);
    }
    return { model, table };
  }

  /** The evaluation of the district, streets and circles (NaN shares read as null in JSON). */
  async evaluate(
    query: PlannerQuery,
  ): Promise<{ model: PlannerModel; table: Map<string, CategoryDistances>; evaluation: Evaluation }> {
    const { model, table } = await this.distances(query.at);
    const distM = new Map([...table].map(([id, d]) => [id, d.distM]));
    let numUnparsable = 0;
    for (const d of table.values()) numUnparsable += d.numUnparsableHours;
    const evaluation = evaluateDistances(
      model.input,
      distM,
      { profile: query.profile, openAt: this.openAt(query.at), rules: this.rules },
      numUnparsable,
    );
    return { model, table, evaluation };
  }

  async evaluation(query: PlannerQuery): Promise<Record<string, unknown>> {
    const { evaluation } = await this.evaluate(query);
    return { ...evaluation, openAt: query.at };
  }

  async circlePortrait(circleId: number, query: PlannerQuery): Promise<Record<string, unknown>> {
    const { model, table, evaluation } = await this.evaluate(query);
    return { ...circlePortrait(model, evaluation, circleId, this.rules, table) };
  }

  async circleShortfalls(circleId: number, query: PlannerQuery): Promise<Record<string, unknown>> {
    const { model, table, evaluation } = await this.evaluate(query);
    const found = circleShortfalls(model.input.compounds, evaluation, table, this.rules).find((c) => c.circleId === circleId);
    return { ...found };
  }

  async sharing(query: PlannerQuery): Promise<Record<string, unknown>> {
    const { model, table } = await this.distances(query.at);
    const input = model.input;
    return {
      ...sharingLedger(
        input.compounds,
        input.outlets,
        input.circles.map((c) => c.id),
        input.streets.map((s) => s.id),
        table,
      ),
    };
  }

  /**
   * A walking-time surface: every compound (outline, or point) with the minutes to the nearest outlet of
   * the category open at the time, at the profile's speed (null beyond the model's cutoff), and whether
   * that is within the category's target minutes.
   */
  async surface(categoryId: string, query: PlannerQuery): Promise<Record<string, unknown>> {
    const { model, table } = await this.distances(query.at);
    const category = this.taxonomy.byId.get(categoryId);
    if (category === undefined)
      throw new LifecircleError('VALIDATION', { field: 'category', reason: 'not a category of the taxonomy' });
    const distM = (table.get(categoryId) ?? categoryDistances(model, categoryId, { openAt: this.openAt(query.at) })).distM;
    const speedMps = WALKING_PROFILES[query.profile].speedMps;
    const targetMinutes = category.defaultWalkMinutes ?? 15;
    return {
      type: 'FeatureCollection',
      categoryId,
      profile: query.profile,
      at: query.at,
      targetMinutes,
      features: model.input.compounds.map((c, i) => {
        const d = distM[i]!;
        const minutes = Number.isFinite(d) ? Math.round((d / speedMps / 60) * 10) / 10 : null;
        return {
          type: 'Feature',
          geometry: c.ring === null ? { type: 'Point', coordinates: c.location } : { type: 'Polygon', coordinates: [c.ring] },
          properties: {
            id: c.id,
            name: c.name,
            residents: c.residents,
            minutes,
            isWithinTarget: minutes !== null && minutes <= targetMinutes,
          },
        };
      }),
    };
  }

  /** Edits against the baseline, recomputing only the categories they touch. */
  async whatIf(edits: readonly ScenarioEdit[], query: PlannerQuery): Promise<Record<string, unknown>> {
    // The cached distances of this time of day are the baseline: the scenario searches only what the edits touch.
    const { model, table } = await this.distances(query.at);
    const started = performance.now();
    const scenario = new Scenario(model, this.openAt(query.at), table);
    const circles = model.input.circles;
    const circleLocator = new AreaLocator(circles);
    const streets = await this.store.listStreets();
    const streetLocator = new AreaLocator(streets);
    const circleAt = (p: readonly [number, number]) => circles[circleLocator.locate(p[0], p[1])]?.id ?? null;
    const streetAt = (p: readonly [number, number]) => streets[streetLocator.locate(p[0], p[1])]?.id ?? null;
    const touched = scenario.applyAll(edits.map((edit, k) => toPlannerEdit(edit, k, circleAt, streetAt)));
    const comparison = scenario.evaluate({ profile: query.profile, rules: this.rules });
    const district = (evaluation: Evaluation) => new Map(evaluation.district.categories.map((c) => [c.categoryId, c]));
    const before = district(comparison.baseline);
    const after = district(comparison.scenario);
    return {
      profile: query.profile,
      at: query.at,
      numEdits: edits.length,
      recomputedCategories: touched,
      computeMs: Math.round(performance.now() - started),
      district: {
        gradeBefore: comparison.baseline.district.grade,
        gradeAfter: comparison.scenario.district.grade,
        categories: [...after.values()]
          .map((c) => ({
            categoryId: c.categoryId,
            shareBefore: before.get(c.categoryId)?.share ?? null,
            shareAfter: c.share,
            coveredResidentsChange: c.coveredResidents - (before.get(c.categoryId)?.coveredResidents ?? 0),
          }))
          .filter((c) => c.coveredResidentsChange !== 0),
      },
      circles: comparison.circles.map((circle) => ({
        ...circle,
        categories: circle.categories.filter((c) => c.coveredResidentsChange !== 0 || c.wasShortfall !== c.isShortfall),
      })),
    };
  }

  /**
   * Sites for new outlets of one category: candidates are the network's
   * junctions and dead ends (the nodes left after contracting chains of
   * shape nodes), demands the compounds (through their gates), weighted by
   * residents plus `elderlyWeight` × residents aged 60+; existing outlets stay.
   */
  async recommend(request: {
    categoryId: string;
    k?: number;
    coverageTarget?: number;
    method: 'greedy' | 'exact' | 'auto';
    objective: 'coverage' | 'p-median';
    elderlyWeight: number;
    profile: 'adult' | 'elderly';
    /** nodes: junctions and dead ends of the network (default); buildings: ground floors of buildings on streets, outside gated compounds. */
    candidates?: 'nodes' | 'buildings';
    /** HiGHS's wall-clock limit (seconds) for exact and auto; it runs on this thread. */
    timeLimitS?: number;
  }): Promise<Record<string, unknown>> {
    const { model, table } = await this.distances(null);
    const category = this.taxonomy.byId.get(request.categoryId);
    if (category === undefined)
      throw new LifecircleError('VALIDATION', { field: 'categoryId', reason: 'not a category of the taxonomy' });
    const started = performance.now();
    const { graph, compounds } = model.input;
    const speedMps = WALKING_PROFILES[request.profile].speedMps;
    const targetMinutes = category.defaultWalkMinutes ?? 15;
    const thresholdM = targetMinutes * 60 * speedMps;
    const currentDistM = (table.get(category.id) ?? categoryDistances(model, category.id, {})).distM;
    const residents = Float64Array.from(compounds, (c) => c.residents);
    const weights = Float64Array.from(compounds, (c) => c.residents + request.elderlyWeight * c.age60plus);
    let candidates: { nodes: Uint32Array } | { lng: number; lat: number }[];
    if (request.candidates === 'buildings') {
      // A ground-floor shop faces the street: buildings within 30 m of a walkable way and outside the walls of
      // gated compounds (a unit behind a compound's wall is no street shop).
      const snap = emptySnap();
      candidates = (await this.store.listBuildings())
        .filter(
          (b) =>
            model.gatedLocator.locate(b.location[0], b.location[1]) < 0 &&
            snapToNetwork(graph, model.segmentIndex, b.location[0], b.location[1], GROUND_FLOOR_MAX_M, snap).edge >= 0,
        )
        .map((b) => ({ lng: b.location[0], lat: b.location[1] }));
    } else {
      const nodes: number[] = [];
      for (let v = 0; v < graph.numNodes; v++) if (model.contracted.coreOfNode[v]! >= 0) nodes.push(v);
      candidates = { nodes: Uint32Array.from(nodes) };
    }
    const numCandidates = 'nodes' in candidates ? candidates.nodes.length : candidates.length;
    const instance = buildCoverageInstance(graph, this.demandPoints(model), candidates, {
      thresholdM,
      cutoffM: request.objective === 'p-median' ? 2 * thresholdM : thresholdM,
      currentDistM,
      weights,
      residents,
    });
    const result = await recommendSites(instance, {
      k: request.k,
      coverageTarget: request.coverageTarget,
      method: request.method,
      objective: request.objective,
      ...(request.timeLimitS === undefined ? {} : { timeLimitS: request.timeLimitS }),
    });
    let coveredBefore = 0;
    let total = 0;
    compounds.forEach((c, i) => {
      total += c.residents;
      if (currentDistM[i]! <= thresholdM) coveredBefore += c.residents;
    });
    return {
      categoryId: category.id,
      profile: request.profile,
      targetMinutes,
      thresholdM,
      candidates: request.candidates ?? 'nodes',
      numCandidates,
      numDemands: compounds.length,
      residents: total,
      coveredResidentsBefore: coveredBefore,
      computeMs: Math.round(performance.now() - started),
      ...result,
    };
  }

  /** The compounds as demand points on the full graph (through their gates), built once per model. */
  private demandPoints(model: PlannerModel): PointSet {
    const cached = this.demandCache.get(model);
    if (cached) return cached;
    const { graph, compounds } = model.input;
    const lng = Float64Array.from(compounds, (c) => c.location[0]);
    const lat = Float64Array.from(compounds, (c) => c.location[1]);
    const pointCompound = model.compoundPoints.compound!;
    const points: PointSet = {
      attachments: attachPoints(graph, model.segmentIndex, lng, lat, {
        maxSnapM: model.options.maxSnapM,
        gates: { ...model.gates, pointCompound },
      }),
      lng,
      lat,
      compound: pointCompound,
    };
    this.demandCache.set(model, points);
    return points;
  }

  /**
   * Proposed circles from the compounds (contiguous over the walking network,
   * residents within bounds, every compound near its core where possible)
   * beside the diagnosis of the existing circles, compared.
   */
  async delineation(options: {
    minResidents?: number;
    maxResidents?: number;
    maxMinutes?: number;
  }): Promise<Record<string, unknown>> {
    const model = await this.getModel();
    const started = performance.now();
    const { graph, compounds, circles } = model.input;
    const opts = {
      ...DEFAULT_DELINEATE_OPTIONS,
      ...(options.minResidents === undefined ? {} : { minResidents: options.minResidents }),
      ...(options.maxResidents === undefined ? {} : { maxResidents: options.maxResidents }),
      ...(options.maxMinutes === undefined ? {} : { walkMinutes: options.maxMinutes }),
    };
    // One bound given, the other is the default: the pair must still make sense (the solver throws a RangeError otherwise).
    if (opts.minResidents >= opts.maxResidents) {
      const field = options.minResidents === undefined ? 'maxResidents' : 'minResidents';
      throw new LifecircleError('VALIDATION', {
        field,
        reason: `minResidents (${opts.minResidents}) must be below maxResidents (${opts.maxResidents})`,
      });
    }
    const maxWalkM = opts.maxWalkM ?? opts.walkMinutes * 60 * opts.speedMps;
    const compoundGraph = buildCompoundGraph(graph, compounds, Math.max(maxWalkM, opts.adjacencyM), opts.maxSnapM);
    const proposed = delineateCircles({ graph, compounds, compoundGraph }, opts);
    const diagnosis = diagnoseCircles(
      { graph, compounds, circles, compoundGraph, proposed },
      { walkMinutes: opts.walkMinutes, speedMps: opts.speedMps, adjacencyM: opts.adjacencyM },
    );
    return {
      options: opts,
      computeMs: Math.round(performance.now() - started),
      proposed: { ...proposed, circleOfCompound: undefined, options: undefined, compoundGraph: undefined },
      existing: diagnosis,
    };
  }

  async report(kind: ReportKind, options: PlannerQuery & { circleId?: number }): Promise<Uint8Array> {
    const { model, table, evaluation } = await this.evaluate(options);
    const attribution: string[] = [];
    if ((await this.store.countOutlets({ source: 'osm' })) > 0)
      attribution.push('地图与网点数据 © OpenStreetMap contributors (ODbL)');
    if ((await this.store.getSetting('demo.seed')) !== null)
      attribution.push('演示区为 lifecircle 生成的合成数据 (synthetic demo district)');
    const report = buildDistrictReport(
      model,
      table,
      evaluation,
      this.rules,
      options,
      await this.store.listDistricts(),
      attribution,
    );
    return renderReport(report, kind, options.circleId);
  }
}

/** A stored what-if edit as the planner's Scenario takes it; added things get ids above any store id. */
function toPlannerEdit(
  edit: ScenarioEdit,
  k: number,
  circleAt: (p: readonly [number, number]) => number | null,
  streetAt: (p: readonly [number, number]) => number | null,
): PlannerEdit {
  switch (edit.kind) {
    case 'add_outlet':
      return {
        kind: 'addOutlet',
        outlet: {
          id: EDIT_ID_BASE + k,
          name: edit.name,
          location: [edit.location[0], edit.location[1]],
          categoryIds: edit.categoryIds,
          openingHours: edit.openingHours,
          circleId: circleAt(edit.location),
          streetId: streetAt(edit.location),
        },
      };
    case 'remove_outlet':
      return { kind: 'removeOutlet', outletId: edit.outletId };
    case 'move_outlet':
      return {
        kind: 'moveOutlet',
        outletId: edit.outletId,
        location: [edit.location[0], edit.location[1]],
        circleId: circleAt(edit.location),
        streetId: streetAt(edit.location),
      };
    case 'add_compound':
      return {
        kind: 'addCompound',
        compound: {
          id: EDIT_ID_BASE + k,
          name: edit.name,
          location: [edit.location[0], edit.location[1]],
          ring: null,
          gates: [],
          residents: edit.residents,
          households: Math.round(edit.residents / 2.6),
          age60plus: edit.age60plus,
          age0to14: edit.age0to14,
          circleId: circleAt(edit.location),
          streetId: streetAt(edit.location),
        },
      };
  }
}
