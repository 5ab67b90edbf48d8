import { createWriteStream, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { WALKING_PROFILES } from '@lifecircle/engine';
import { LifecircleError } from '@lifecircle/shared';
import {
  accessCsv,
  accessGeoJson,
  accessSummary,
  buildingOrigins,
  DEFAULT_ACCESS_OPTIONS,
  defaultTaxonomy,
  loadDistrict,
  loadTaxonomyFile,
  readOriginsCsv,
  runAccess,
} from '@lifecircle/analysis';
import type { CommandIo } from './command-io.js';
import { numberOption, parseOptions } from './parse-options.js';

interface AccessArgs {
  osm?: string;
  origins?: string;
  taxonomy?: string;
  'ignore-gates'?: boolean;
  'speed-mps'?: string;
  profile?: string;
  format?: string;
  out?: string;
  summary?: string;
  counts?: boolean;
  'cutoff-min'?: string;
  'max-snap-m'?: string;
  workers?: string;
  quiet?: boolean;
}

/** `lifecircle access`: minutes from every origin to the nearest outlet of each category. */
export async function accessCommand(args: string[], io: CommandIo): Promise<void> {
  const values = parseOptions<AccessArgs>(args, {
    osm: { type: 'string' },
    origins: { type: 'string' },
    taxonomy: { type: 'string' },
    'ignore-gates': { type: 'boolean' },
    'speed-mps': { type: 'string' },
    profile: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
    summary: { type: 'string' },
    counts: { type: 'boolean' },
    'cutoff-min': { type: 'string' },
    'max-snap-m': { type: 'string' },
    workers: { type: 'string' },
    quiet: { type: 'boolean' },
  });
  if (!values.osm) throw new LifecircleError('USAGE', { reason: '--osm FILE is required' });
  const format = values.format ?? 'csv';
  if (format !== 'csv' && format !== 'geojson')
    throw new LifecircleError('USAGE', { reason: `--format expects csv or geojson, got "${format}"` });
  if (values.profile !== undefined && values['speed-mps'] !== undefined) {
    throw new LifecircleError('USAGE', { reason: 'give --speed-mps or --profile, not both' });
  }
  let profileId = 'adult';
  let speedMps: number = WALKING_PROFILES.adult.speedMps;
  if (values.profile !== undefined) {
    const profile = WALKING_PROFILES[values.profile as keyof typeof WALKING_PROFILES];
    if (!profile)
      throw new LifecircleError('USAGE', { reason: `--profile expects adult, elderly or planning, got "${values.profile}"` });
    profileId = profile.id;
    speedMps = profile.speedMps;
  } else if (values['speed-mps'] !== undefined) {
    speedMps = numberOption(values['speed-mps'], 'speed-mps', 1.2, 0.1, 10);
    profileId = `custom ${speedMps} m/s`;
  }
  const options = {
    ...DEFAULT_ACCESS_OPTIONS,
    speedMps,
    profileId,
    ignoreGates: values['ignore-gates'] === true,
    cutoffMinutes: numberOption(values['cutoff-min'], 'cutoff-min', 60, 1, 600),
    maxSnapM: numberOption(values['max-snap-m'], 'max-snap-m', DEFAULT_ACCESS_OPTIONS.maxSnapM, 0, 100_000),
    workers: numberOption(values.workers, 'workers', DEFAULT_ACCESS_OPTIONS.workers, 0, 64),
    countMinutes: values.counts || format === 'geojson' ? [5, 10, 15] : [],
  };
  const log = (text: string) => {
    if (!values.quiet) io.stderr(text);
  };

  const taxonomy = values.taxonomy ? loadTaxonomyFile(values.taxonomy) : defaultTaxonomy();
  const origins = values.origins ? readOriginsCsv(values.origins) : undefined;
  log(`reading ${values.osm}\n`);
  const district = await loadDistrict(values.osm, taxonomy, undefined, { withBuildings: origins === undefined });
  const { graph } = district.network;
  log(
    `walk network ${graph.numNodes} nodes, ${graph.numEdges} edges; ${district.features.outlets.length} outlets, ` +
      `${district.features.compounds.length} compounds, ` +
      (origins
        ? `${origins.id.length} origins from ${values.origins}`
        : `${district.features.buildings.length} residential buildings`) +
      ` (${Math.round(district.readMs)} ms)\n`,
  );
  const categories = taxonomy.categories.filter((c) => c.walkEvaluated);
  const started = performance.now();
  const result = await runAccess(
    {
      graph,
      categories,
      outlets: district.features.outlets,
      compounds: district.features.compounds,
      origins: origins ?? buildingOrigins(district.features),
    },
    {
      ...options,
      onProgress: (done, total) => {
        if (io.isInteractive) log(`\rcategories ${done}/${total}`);
        else if (done === total || Math.floor((done * 4) / total) > Math.floor(((done - 1) * 4) / total))
          log(`categories ${done}/${total}\n`);
      },
    },
  );
  if (io.isInteractive && !values.quiet) io.stderr('\n');
  log(`computed in ${Math.round(performance.now() - started)} ms\n`);

  const chunks = format === 'csv' ? accessCsv(result, values.counts === true) : accessGeoJson(result);
  if (values.out) {
    const stream = createWriteStream(values.out);
    for (const chunk of chunks) if (!stream.write(chunk)) await once(stream, 'drain');
    stream.end();
    await once(stream, 'finish');
  } else {
    for (const chunk of chunks) io.stdout(chunk);
  }
  const summary = accessSummary(result);
  if (values.summary) writeFileSync(values.summary, summary);
  else log(summary);
}
