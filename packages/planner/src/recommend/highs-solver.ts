import highsExport from 'highs';
import type { Highs, InitOptions, ModelData } from 'highs';

type HighsLoader = (options?: InitOptions) => Promise<Highs>;
// highs declares CommonJS types for its ES module: under NodeNext the default import is typed as the
// namespace, while at run time it is the loader itself. Accept either shape.
const loaderExport = highsExport as unknown as HighsLoader | { default: HighsLoader };
const loadHighs: HighsLoader = typeof loaderExport === 'function' ? loaderExport : loaderExport.default;

/** Loads the HiGHS WebAssembly runtime once per process (about 100 ms); later calls share it. */
let runtime: Promise<Highs> | undefined;
export function highsRuntime(): Promise<Highs> {
  runtime ??= loadHighs();
  return runtime;
}

/** How a MIP solve ended, from HiGHS's model status. */
export type SolveStatus = 'optimal' | 'time-limit' | 'infeasible' | 'failed';

export interface MipSolution {
  status: SolveStatus;
  /** Column values of the best solution found (empty when none). */
  colValue: Float64Array;
  /** Objective of the best solution found (NaN when none). */
  objective: number;
  /** The best bound HiGHS proved (NaN when unknown). */
  bound: number;
  /** HiGHS's relative gap |bound − objective| / |objective| (0 when optimal; NaN when unknown). */
  gap: number;
  elapsedMs: number;
}

export interface MipSolveOptions extends MipOptions {
  /** A feasible start (every column's value), e.g. the greedy's sites. */
  start?: Float64Array | undefined;
}

export interface MipOptions {
  /** Wall-clock limit, seconds. Default: none. */
  timeLimitS?: number | undefined;
  /** Relative gap at which HiGHS may stop. Default 0: prove the optimum. */
  relativeGap?: number | undefined;
}

/**
 * Solves a MIP given as sparse arrays (faster to pass than CPLEX LP text for
 * tens of thousands of rows) and reads its status, objective, bound and gap.
 * The model is disposed before returning (HiGHS's Wasm memory is not garbage collected).
 */
export async function solveMip(model: ModelData, options: MipSolveOptions = {}): Promise<MipSolution> {
  const highs = await highsRuntime();
  const started = performance.now();
  return highs.withModel(model, (m) => {
    m.options.set({ output_flag: false, mip_rel_gap: options.relativeGap ?? 0 });
    if (options.timeLimitS !== undefined) m.options.set('time_limit', options.timeLimitS);
    if (options.start) m.setSolution({ colValue: options.start });
    m.run();
    const code = m.getModelStatus();
    const { modelStatus } = highs.constants;
    const hasSolution = Number(m.info.get('primal_solution_status')) === highs.constants.solutionStatus.feasible;
    const status: SolveStatus =
      code === modelStatus.optimal
        ? 'optimal'
        : code === modelStatus.timeLimit || code === modelStatus.interrupted
          ? 'time-limit'
          : code === modelStatus.infeasible
            ? 'infeasible'
            : 'failed';
    const readNumber = (name: string) => {
      const value = Number(m.info.get(name));
      return Number.isFinite(value) ? value : NaN;
    };
    return {
      status,
      colValue: hasSolution ? Float64Array.from(m.getSolution().colValue) : new Float64Array(0),
      objective: hasSolution ? m.getObjectiveValue() : NaN,
      bound: readNumber('mip_dual_bound'),
      gap: status === 'optimal' ? 0 : hasSolution ? readNumber('mip_gap') : NaN,
      elapsedMs: performance.now() - started,
    };
  });
}
