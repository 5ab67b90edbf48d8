import { writeFileSync } from 'node:fs';
import { defaultTaxonomy } from '@lifecircle/analysis';
import { StorePlannerService } from '@lifecircle/platform';
import { LifecircleError } from '@lifecircle/shared';
import type { CommandIo } from './command-io.js';
import { openStore, STORE_OPTIONS } from './open-store.js';
import { numberOption, parseOptions } from './parse-options.js';
import { PLANNER_OPTIONS, plannerQuery, writeJson, type PlannerOptionValues } from './planner-options.js';

interface CsvArea {
  kind: string;
  id: number | null;
  name: string;
  residents: number;
  grade: string;
  categories: {
    categoryId: string;
    targetMinutes: number;
    share: number;
    elderlyShare: number;
    coveredResidents: number;
    uncoveredResidents: number;
    uncoveredElderly: number;
    numOutletsInside: number;
    outletsPer10k: number;
    isPresent: boolean;
  }[];
}
interface CsvEvaluation {
  district: CsvArea;
  streets: CsvArea[];
  circles: CsvArea[];
}

/** One line per area and category (UTF-8 with BOM, for spreadsheet programs). */
function evaluationCsv(evaluation: CsvEvaluation): string {
  const cell = (v: string | number | boolean | null) => {
    let text = v === null || (typeof v === 'number' && !Number.isFinite(v)) ? '' : String(v);
    // A cell a spreadsheet would run as a formula is quoted as text.
    if (/^[=+@\t]/.test(text) && typeof v === 'string') text = `'${text}`;
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const lines = [
    'area_kind,area_id,area_name,area_residents,grade,category_id,target_minutes,share,elderly_share,covered_residents,uncovered_residents,uncovered_elderly,outlets_inside,outlets_per_10k,is_present',
  ];
  for (const area of [evaluation.district, ...evaluation.streets, ...evaluation.circles]) {
    for (const c of area.categories) {
      lines.push(
        [
          area.kind,
          area.id,
          area.name,
          area.residents,
          area.grade,
          c.categoryId,
          c.targetMinutes,
          c.share,
          c.elderlyShare,
          c.coveredResidents,
          c.uncoveredResidents,
          c.uncoveredElderly,
          c.numOutletsInside,
          c.outletsPer10k,
          c.isPresent,
        ]
          .map(cell)
          .join(','),
      );
    }
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/**
 * `lifecircle evaluate [--profile adult|elderly] [--at HH:MM] [--circle ID | --sharing] [--out FILE.json|FILE.csv]`:
 * coverage, checklist and grade of the district, every street and circle;
 * a table of circles by grade on stderr.
 */
export async function evaluateCommand(args: string[], io: CommandIo): Promise<void> {
  const options = parseOptions<PlannerOptionValues & { 'data-dir'?: string; db?: string; circle?: string; sharing?: boolean }>(
    args,
    {
      ...STORE_OPTIONS,
      ...PLANNER_OPTIONS,
      circle: { type: 'string' },
      sharing: { type: 'boolean' },
    },
  );
  const query = plannerQuery(options);
  const { store } = await openStore(options, io);
  try {
    const planner = new StorePlannerService(store, defaultTaxonomy());
    if (options.circle !== undefined) {
      // One circle: its portrait and its shortfalls (uncovered compounds as GeoJSON).
      const circleId = numberOption(options.circle, 'circle', 1, 1, Number.MAX_SAFE_INTEGER);
      if ((await store.getCircle(circleId)) === null) throw new LifecircleError('NOT_FOUND', { entity: 'circle', id: circleId });
      writeJson(
        { portrait: await planner.circlePortrait(circleId, query), shortfalls: await planner.circleShortfalls(circleId, query) },
        options.out,
        io,
      );
      return;
    }
    if (options.sharing) {
      writeJson(await planner.sharing(query), options.out, io);
      return;
    }
    const evaluation = (await planner.evaluation(query)) as {
      district: { name: string; residents: number; grade: string; basicShare: number; qualityShare: number };
      circles: { name: string; residents: number; grade: string; basicShare: number; qualityShare: number }[];
    };
    if (options.out?.toLowerCase().endsWith('.csv')) {
      writeFileSync(options.out, evaluationCsv(evaluation as unknown as CsvEvaluation));
      io.stderr(`wrote ${options.out}\n`);
    } else writeJson(evaluation, options.out, io);
    const pct = (x: number) => `${(100 * x).toFixed(0)}%`;
    io.stderr(`${evaluation.district.name}: ${evaluation.district.residents} residents, grade ${evaluation.district.grade}\n`);
    for (const c of [...evaluation.circles].sort((a, b) => a.basicShare + a.qualityShare - (b.basicShare + b.qualityShare))) {
      io.stderr(
        `  ${c.name.padEnd(12)} ${String(c.residents).padStart(7)}  basic ${pct(c.basicShare).padStart(4)}  quality ${pct(c.qualityShare).padStart(4)}  ${c.grade}\n`,
      );
    }
  } finally {
    await store.close();
  }
}
