import { readNearestOutlets, type PointSet } from '@lifecircle/engine';
import { LifecircleError, type LngLat } from '@lifecircle/shared';
import { categoryDistances, type CategoryDistances } from './category-distances.js';
import type { PlannerCompound, PlannerOutlet } from './planner-input.js';
import { attachOnChains, type PlannerModel } from './planner-model.js';
import {
  evaluateDistances,
  type EvaluationInput,
  type Evaluation,
  type PlannerProfile,
} from './evaluation/evaluate-distances.js';
import type { Grade, GradingRules } from './evaluation/grading-rules.js';

/** One what-if edit. Ids of added outlets and compounds must not clash with existing ones. */
export type ScenarioEdit =
  | { kind: 'addOutlet'; outlet: PlannerOutlet }
  | { kind: 'removeOutlet'; outletId: number }
  /** The circle and street the outlet lies in at its new place (null: outside every one). */
  | { kind: 'moveOutlet'; outletId: number; location: LngLat; circleId?: number | null; streetId?: number | null }
  /** A candidate residential project: a point (no outline or gates) with its residents. */
  | { kind: 'addCompound'; compound: PlannerCompound };

/** Per compound (model compounds, then added ones) distances and nearest outlet ids of one category. */
export interface ScenarioCategory {
  distM: Float64Array;
  /** Store id of the nearest outlet per compound, NaN when none. */
  nearestOutletId: Float64Array;
}

/** How one circle's category changes under the scenario. */
export interface CategoryChange {
  categoryId: string;
  shareBefore: number;
  shareAfter: number;
  /** shareAfter − shareBefore. */
  change: number;
  coveredResidentsChange: number;
  wasShortfall: boolean;
  isShortfall: boolean;
}

/** The scenario against the baseline, per circle. */
export interface ScenarioComparison {
  baseline: Evaluation;
  scenario: Evaluation;
  circles: { circleId: number; name: string; gradeBefore: Grade; gradeAfter: Grade; categories: CategoryChange[] }[];
}

/**
 * A what-if scenario over a model at one time of day. `apply` recomputes
 * only the categories an edit touches (an added compound only reads its own
 * distances from the kept node labels); the results equal a full
 * recomputation on the edited input (same snaps, same searches, ties by id).
 */
export class Scenario {
  readonly edits: ScenarioEdit[] = [];
  private readonly excluded = new Set<number>();
  /** Added outlets and moved copies of model outlets; a removed one keeps its slot with no categories, so indices stay put. */
  private readonly extras: PlannerOutlet[] = [];
  private readonly addedCompounds: PlannerCompound[] = [];
  private addedPoints: PointSet | null = null;
  private readonly current = new Map<string, CategoryDistances>();
  private readonly addedDistM = new Map<string, Float64Array>();
  private readonly addedOutlet = new Map<string, Int32Array>();
  private readonly baseline = new Map<string, CategoryDistances>();

  /**
   * `baseline`: category distances of this model at `openAt` already computed (e.g. cached by the caller with
   * `distancesAt`), so a scenario starts without searching again; computed here when absent.
   */
  constructor(
    readonly model: PlannerModel,
    readonly openAt: Date | null,
    baseline?: ReadonlyMap<string, CategoryDistances>,
  ) {
    for (const category of model.input.taxonomy.categories) {
      if (!category.walkEvaluated) continue;
      const d = baseline?.get(category.id) ?? categoryDistances(model, category.id, { openAt });
      this.baseline.set(category.id, d);
      this.current.set(category.id, d);
    }
  }

  /** Applies an edit; returns the category ids recomputed. Throws NOT_FOUND for an unknown outlet, VALIDATION for a bad compound. */
  apply(edit: ScenarioEdit): string[] {
    return this.recompute(this.change(edit));
  }

  /**
   * Applies several edits, recomputing each touched category once at the end
   * (the same result as applying them one by one). Returns the category ids recomputed.
   */
  applyAll(edits: readonly ScenarioEdit[]): string[] {
    const touched = new Set<string>();
    for (const edit of edits) for (const id of this.change(edit)) touched.add(id);
    return this.recompute([...touched]);
  }

  /** Records an edit's change of the outlets or compounds; returns the categories it touches. */
  private change(edit: ScenarioEdit): readonly string[] {
    let touched: readonly string[];
    switch (edit.kind) {
      case 'addOutlet':
        this.extras.push({ ...edit.outlet, location: [edit.outlet.location[0], edit.outlet.location[1]] });
        touched = edit.outlet.categoryIds;
        break;
      case 'removeOutlet': {
        const found = this.find(edit.outletId);
        touched = found.outlet.categoryIds;
        if (found.extra >= 0) this.extras[found.extra] = { ...found.outlet, categoryIds: [] };
        else this.excluded.add(edit.outletId);
        break;
      }
      case 'moveOutlet': {
        const found = this.find(edit.outletId);
        touched = found.outlet.categoryIds;
        const moved = {
          ...found.outlet,
          location: [edit.location[0], edit.location[1]] as LngLat,
          ...(edit.circleId === undefined ? {} : { circleId: edit.circleId }),
          ...(edit.streetId === undefined ? {} : { streetId: edit.streetId }),
        };
        if (found.extra >= 0) this.extras[found.extra] = moved;
        else {
          this.excluded.add(edit.outletId);
          this.extras.push(moved);
        }
        break;
      }
      case 'addCompound':
        this.addCompound(edit.compound);
        touched = [];
    }
    this.edits.push(edit);
    return touched;
  }

  private recompute(touched: readonly string[]): string[] {
    const recomputed: string[] = [];
    for (const id of new Set(touched)) {
      if (!this.current.has(id)) continue;
      this.current.set(
        id,
        categoryDistances(this.model, id, { openAt: this.openAt, excludeOutletIds: this.excluded, extraOutlets: this.extras }),
      );
      this.readAdded(id);
      recomputed.push(id);
    }
    return recomputed;
  }

  /** The outlet with this id as it stands now: a model outlet (extra −1) or an extra one. */
  private find(outletId: number): { outlet: PlannerOutlet; extra: number } {
    const extra = this.extras.findIndex((o) => o.id === outletId && o.categoryIds.length > 0);
    if (extra >= 0) return { outlet: this.extras[extra]!, extra };
    const outlet = this.excluded.has(outletId) ? undefined : this.model.input.outlets.find((o) => o.id === outletId);
    if (outlet === undefined) throw new LifecircleError('NOT_FOUND', { entity: 'outlet', id: outletId });
    return { outlet, extra: -1 };
  }

  private addCompound(compound: PlannerCompound): void {
    if (compound.ring !== null || compound.gates.length > 0) {
      throw new LifecircleError('VALIDATION', {
        field: 'compound',
        reason: 'a what-if compound is a point: expected no outline and no gates',
      });
    }
    this.addedCompounds.push(compound);
    this.addedPoints = attachOnChains(
      this.model,
      this.addedCompounds.map((c) => c.location),
      new Int32Array(this.addedCompounds.length).fill(-1),
    );
    for (const id of this.current.keys()) this.readAdded(id);
  }

  /** Distances of the added compounds for one category, from the kept node labels. */
  private readAdded(categoryId: string): void {
    const points = this.addedPoints;
    if (points === null) return;
    const d = this.current.get(categoryId)!;
    const n = points.attachments.numPoints;
    const distM = new Float64Array(n);
    const outlet = new Int32Array(n);
    readNearestOutlets(
      this.model.contracted.core,
      d.labels,
      points,
      d.outletPoints,
      d.countedOutlets,
      this.model.options.cutoffM,
      distM,
      outlet,
      d.outletKey,
    );
    this.addedDistM.set(categoryId, distM);
    this.addedOutlet.set(categoryId, outlet);
  }

  /** Current distances per walk-evaluated category, for model compounds then added ones. */
  distances(): Map<string, ScenarioCategory> {
    const out = new Map<string, ScenarioCategory>();
    const outlets = this.model.input.outlets;
    for (const [id, d] of this.current) {
      const added = this.addedDistM.get(id) ?? new Float64Array(0);
      const addedOutlet = this.addedOutlet.get(id) ?? new Int32Array(0);
      const n = d.distM.length + added.length;
      const distM = new Float64Array(n);
      distM.set(d.distM);
      distM.set(added, d.distM.length);
      const nearestOutletId = new Float64Array(n);
      const idOf = (o: number) => (o < 0 ? NaN : o < outlets.length ? outlets[o]!.id : this.extras[o - outlets.length]!.id);
      d.nearestOutlet.forEach((o, i) => (nearestOutletId[i] = idOf(o)));
      addedOutlet.forEach((o, i) => (nearestOutletId[d.distM.length + i] = idOf(o)));
      out.set(id, { distM, nearestOutletId });
    }
    return out;
  }

  /** The edited lists: model outlets not removed or moved, then the extra ones still in use; compounds plus added ones. */
  editedInput(): EvaluationInput {
    const input = this.model.input;
    return {
      ...input,
      compounds: [...input.compounds, ...this.addedCompounds],
      outlets: [...input.outlets.filter((o) => !this.excluded.has(o.id)), ...this.extras.filter((o) => o.categoryIds.length > 0)],
    };
  }

  /** Coverage, grade and shortfall changes per circle and category against the baseline. */
  evaluate(options: { profile: PlannerProfile; rules: GradingRules; minutes?: 'default' | 'strict' }): ScenarioComparison {
    const evaluateOptions = { ...options, openAt: this.openAt };
    const baseDistances = new Map([...this.baseline].map(([id, d]) => [id, d.distM]));
    const baseline = evaluateDistances(this.model.input, baseDistances, evaluateOptions);
    const now = new Map([...this.distances()].map(([id, d]) => [id, d.distM]));
    const scenario = evaluateDistances(this.editedInput(), now, evaluateOptions);
    const isShortfall = (c: { uncoveredResidents: number; share: number }) =>
      c.uncoveredResidents > 0 && c.share < options.rules.shortfallShare;
    const circles = scenario.circles.map((after, k) => {
      const before = baseline.circles[k]!;
      return {
        circleId: after.id!,
        name: after.name,
        gradeBefore: before.grade,
        gradeAfter: after.grade,
        categories: after.categories.map((a, j) => {
          const b = before.categories[j]!;
          return {
            categoryId: a.categoryId,
            shareBefore: b.share,
            shareAfter: a.share,
            change: a.share - b.share,
            coveredResidentsChange: a.coveredResidents - b.coveredResidents,
            wasShortfall: isShortfall(b),
            isShortfall: isShortfall(a),
          };
        }),
      };
    });
    return { baseline, scenario, circles };
  }
}
