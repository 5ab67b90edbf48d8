import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { loadDistrict, type NetworkWalkRouter } from '@lifecircle/analysis';
import { LifecircleError, type Taxonomy } from '@lifecircle/shared';
import { BULK_LOAD_ROWS, type Store } from '@lifecircle/store';
import { AreaLocator } from './area-locator.js';
import { osmRecords } from './osm-records.js';
import { routerFromStore } from './stored-network.js';

export interface OsmImportReport {
  file: string;
  numNetworkNodes: number;
  numNetworkEdges: number;
  numCompoundsInserted: number;
  numBuildingsInserted: number;
  numOutletsInserted: number;
  numOutletsUpdated: number;
  byCategory: Record<string, number>;
}

/**
 * Imports an OpenStreetMap file (PBF, XML, .gz, .bz2) through the engine's
 * reader: its walking network becomes the latest network; compounds,
 * buildings and outlets not yet imported from OSM are inserted, outlets
 * already imported (same `node/…` or `way/…` id) are updated in place.
 * Streets are assigned from stored street boundaries. Everything is read and
 * checked before one transaction writes it, so a broken file writes nothing.
 */
export async function importOsmFile(
  store: Store,
  file: string,
  taxonomy: Taxonomy,
  context: { userId: number | null; requestId: string | null },
): Promise<OsmImportReport> {
  const district = await loadDistrict(file, taxonomy);
  const records = osmRecords(district, 'osm');
  const graph = district.network.graph;
  const graphBytes = Uint8Array.from(new Uint8Array(graph.buffer));
  const name = file.split(/[\\/]/).pop() ?? file;

  const report = await store.transaction(async (tx) => {
    const streets = await tx.listStreets();
    const locator = new AreaLocator(streets);
    const streetAt = (p: readonly [number, number]) => {
      const s = locator.locate(p[0], p[1]);
      return s >= 0 ? streets[s]!.id : null;
    };
    await tx.insertNetwork({ name, source: `osm:${name}`, numNodes: graph.numNodes, numEdges: graph.numEdges }, graphBytes);

    const knownCompounds = new Map((await tx.listCompounds()).filter((c) => c.source === 'osm').map((c) => [c.externalId, c.id]));
    const compoundIds = new Int32Array(records.compounds.length).fill(-1);
    const fresh = records.compounds.map((c, i) => ({ c, i })).filter(({ c }) => !knownCompounds.has(c.externalId));
    records.compounds.forEach((c, i) => (compoundIds[i] = knownCompounds.get(c.externalId) ?? -1));
    const inserted = await tx.insertCompounds(fresh.map(({ c }) => ({ ...c, streetId: streetAt(c.location) })));
    fresh.forEach(({ i }, k) => (compoundIds[i] = inserted[k]!));
    const freshCompound = new Set(fresh.map(({ i }) => i));
    const buildings = records.buildings.filter((b) => b.compoundIndex < 0 || freshCompound.has(b.compoundIndex));
    await tx.insertBuildings(
      buildings.map(({ compoundIndex, ...b }) => ({
        ...b,
        compoundId: compoundIndex >= 0 ? compoundIds[compoundIndex]! : null,
        streetId: streetAt(b.location),
      })),
    );

    const knownOutlets = new Map((await tx.listOutlets({ source: 'osm' })).map((o) => [o.externalId, o]));
    const byCategory: Record<string, number> = {};
    const toInsert = [];
    let numUpdated = 0;
    for (const outlet of records.outlets) {
      for (const id of outlet.categoryIds) byCategory[id] = (byCategory[id] ?? 0) + 1;
      const known = knownOutlets.get(outlet.externalId);
      const streetId = streetAt(outlet.location);
      if (known) {
        await tx.updateOutlet(known.id, {
          name: outlet.name,
          categoryIds: outlet.categoryIds,
          location: outlet.location,
          openingHours: outlet.openingHours,
          phone: outlet.phone ?? known.phone,
          address: outlet.address ?? known.address,
          services: outlet.services.length > 0 ? outlet.services : known.services,
          streetId,
        });
        numUpdated++;
      } else toInsert.push({ ...outlet, streetId });
    }
    await tx.insertOutlets(toInsert);
    const report: OsmImportReport = {
      file: name,
      numNetworkNodes: graph.numNodes,
      numNetworkEdges: graph.numEdges,
      numCompoundsInserted: inserted.length,
      numBuildingsInserted: buildings.length,
      numOutletsInserted: toInsert.length,
      numOutletsUpdated: numUpdated,
      byCategory,
    };
    await tx.appendAudit({
      userId: context.userId,
      action: 'import',
      entity: 'osm',
      entityId: null,
      before: null,
      after: report,
      requestId: context.requestId,
    });
    return report;
  });
  const written =
    report.numCompoundsInserted + report.numBuildingsInserted + report.numOutletsInserted + report.numOutletsUpdated;
  if (written >= BULK_LOAD_ROWS) await store.refreshStatistics();
  return report;
}

/**
 * The server's OSM upload handler: keeps the uploaded bytes under
 * `dataDir/imports/` (the OSM reader streams from a file, and the file is the
 * record of what was imported), imports it, and returns a router over the
 * new network with every active outlet. A refused file is removed again, and
 * its error names the file as uploaded.
 */
export function osmUploadImporter(store: Store, taxonomy: Taxonomy, dataDir: string) {
  return async (
    bytes: Uint8Array,
    file: string,
    context: { userId: number | null; requestId: string | null },
  ): Promise<{ report: Record<string, unknown>; router: NetworkWalkRouter | null }> => {
    const folder = join(dataDir, 'imports');
    mkdirSync(folder, { recursive: true });
    const saved = join(folder, `${Date.now()}-${basename(file)}`);
    writeFileSync(saved, bytes);
    let report: OsmImportReport;
    try {
      report = await importOsmFile(store, saved, taxonomy, context);
    } catch (error) {
      // A refused file is no record of an import: it goes. Its errors name the file as uploaded, not the server's path.
      rmSync(saved, { force: true });
      if (error instanceof LifecircleError && error.details.file === saved)
        throw new LifecircleError(error.code, { ...error.details, file }, { cause: error });
      throw error;
    }
    return { report: { ...report }, router: await routerFromStore(store) };
  };
}
