import type { AccessResult } from './run-access.js';

/**
 * The access table as CSV: header `id,<category id>…`, one row per origin,
 * minutes with three decimals, empty where nothing is reachable within the
 * cutoff. With `withCounts`, each category adds `<id>_n5,<id>_n10,<id>_n15`
 * (outlets within those minutes). Returns chunks so large tables stream.
 */
export function* accessCsv(result: AccessResult, withCounts = false): Generator<string> {
  const { categories, origins, minutes, counts, options } = result;
  const header = ['id', ...categories.map((c) => c.id)];
  if (withCounts) for (const c of categories) for (const m of options.countMinutes) header.push(`${c.id}_n${m}`);
  yield header.map(csvField).join(',') + '\n';
  const numCounts = options.countMinutes.length;
  let chunk = '';
  for (let p = 0; p < origins.id.length; p++) {
    let line = csvField(origins.id[p]!);
    for (let c = 0; c < categories.length; c++) {
      const value = minutes[c]![p]!;
      line += Number.isNaN(value) ? ',' : `,${value.toFixed(3)}`;
    }
    if (withCounts) {
      for (let c = 0; c < categories.length; c++) {
        const table = counts[c];
        for (let k = 0; k < numCounts; k++) line += `,${table ? table[p * numCounts + k] : ''}`;
      }
    }
    chunk += line + '\n';
    if (chunk.length > 1 << 16) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

/** The access table as a GeoJSON FeatureCollection of points (minutes and counts as properties). */
export function* accessGeoJson(result: AccessResult): Generator<string> {
  const { categories, origins, minutes, counts, options } = result;
  yield '{"type":"FeatureCollection","features":[\n';
  const numCounts = options.countMinutes.length;
  for (let p = 0; p < origins.id.length; p++) {
    const properties: Record<string, string | number | null> = { id: origins.id[p]!, population: origins.population[p]! };
    categories.forEach((category, c) => {
      const value = minutes[c]![p]!;
      properties[category.id] = Number.isNaN(value) ? null : Math.round(value * 1000) / 1000;
      const table = counts[c];
      if (table) options.countMinutes.forEach((m, k) => (properties[`${category.id}_n${m}`] = table[p * numCounts + k]!));
    });
    const feature = {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [round7(origins.lng[p]!), round7(origins.lat[p]!)] },
      properties,
    };
    yield (p > 0 ? ',\n' : '') + JSON.stringify(feature);
  }
  yield '\n]}\n';
}

/** A plain-text coverage summary per category, for stderr or --summary. */
export function accessSummary(result: AccessResult): string {
  const { coverage, options } = result;
  const lines = [
    `profile ${options.profileId} (${options.speedMps.toFixed(3)} m/s), gates ${options.ignoreGates ? 'ignored' : 'respected'}, cutoff ${options.cutoffMinutes} min`,
    `origins ${result.origins.id.length} (off network ${result.numOriginsOffNetwork}, behind gates ${result.numOriginsBehindGates}); outlets off network ${result.numOutletsOffNetwork}`,
    'category                     outlets  target  covered  mean min',
  ];
  for (const c of coverage) {
    const share = Number.isNaN(c.share) ? '   -' : `${(c.share * 100).toFixed(1).padStart(5)} %`;
    const mean = Number.isNaN(c.meanMinutes) ? '-' : c.meanMinutes.toFixed(1);
    lines.push(
      `${c.categoryId.padEnd(28)} ${String(c.numOutlets).padStart(7)}  ${String(c.targetMinutes ?? '-').padStart(6)}  ${share}  ${mean.padStart(8)}`,
    );
  }
  return lines.join('\n') + '\n';
}

function csvField(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function round7(value: number): number {
  return Math.round(value * 1e7) / 1e7;
}
