import {
  LifecircleError,
  haversineM,
  OUTLET_STATUSES,
  pointsBbox,
  type Compound,
  type District,
  type Outlet,
  type OutletStatus,
  type Taxonomy,
} from '@lifecircle/shared';
import { BULK_LOAD_ROWS, type NewOutlet, type OutletPatch, type Store, type StoreTx } from '@lifecircle/store';
import { createStreetLocator, isPointInArea } from './assign-street.js';
import { CRS_VALUES, type Crs } from './coordinate-system.js';
import { planOutletMerge, normaliseName } from './merge-outlets.js';
import { parseBoundaries, type ParsedBoundary } from './parse-boundaries.js';
import { areaCentroid, DEFAULT_PERSONS_PER_M2, parseCompoundRows, type ParsedCompound } from './parse-compounds.js';
import { parseOutletRows, type ParsedOutlets } from './parse-outlets.js';
import { parseStreetTotals } from './parse-street-totals.js';
import { scaleToStreetTotals } from './scale-to-street-totals.js';
import { readGeoJson } from './read-geojson.js';
import { readTable } from './read-table.js';

/** What a file holds. */
/** `street-totals`: census residents per street, which scale the estimated compounds of each street to match. */
export type ImportKind = 'outlets' | 'compounds' | 'boundaries' | 'street-totals';
/** The file format of an import. */
export type TableFormat = 'csv' | 'xlsx' | 'geojson';

/** One import: the whole file and how to read it. */
export interface ImportRequest {
  kind: ImportKind;
  /** The whole file. */
  bytes: Uint8Array;
  /** Its name, for messages and `source`. */
  file: string;
  /** boundaries: geojson only; outlets and compounds: csv, xlsx or geojson. */
  format: TableFormat;
  /** Coordinate system of the file (converted to WGS-84 with gcoord). */
  crs: Crs;
  taxonomy: Taxonomy;
  /** boundaries only: which level the features are; or 'auto' from a `level` property (district|street|circle). */
  level?: 'district' | 'street' | 'circle' | 'auto';
  /** outlets only: status of new outlets (default 'active' for commission imports). */
  status?: OutletStatus;
  /** compounds only: persons per m² of floor area for estimates (default 0.025). */
  personsPerM2?: number;
}

/** What an import did. */
export interface ImportReport {
  kind: ImportKind;
  file: string;
  numRows: number;
  numInserted: number;
  /** Existing records the file matched: changed, or confirmed unchanged (then not written). */
  numUpdated: number;
  /** outlets: rows whose type/name matched no category (not imported), with up to 20 examples. */
  numUnclassified: number;
  unclassifiedExamples: { row: number; name: string; type: string }[];
  /** outlets: how many imported rows fell in each category id. */
  byCategory: Record<string, number>;
}

/** Who asked, for the audit log. */
export interface ImportContext {
  userId: number | null;
  requestId: string | null;
}

/** Existing outlets within this distance of the file's bbox are merge candidates (more than the merge radius). */
const BBOX_MARGIN_M = 50;
/** A compound row without external id updates an existing compound of the same name within this distance. */
const COMPOUND_MATCH_M = 50;

function unsupported(file: string, reason: string): never {
  throw new LifecircleError('UNSUPPORTED_FORMAT', { file, reason });
}

function emptyReport(request: ImportRequest, numRows: number): ImportReport {
  return {
    kind: request.kind,
    file: request.file,
    numRows,
    numInserted: 0,
    numUpdated: 0,
    numUnclassified: 0,
    unclassifiedExamples: [],
    byCategory: {},
  };
}

/**
 * Parses and validates the whole file, then writes it in one store
 * transaction with one audit entry. Throws IMPORT_ROW / UNSUPPORTED_FORMAT
 * before writing anything, so a bad file leaves the database unchanged.
 * Outlets merge into existing ones (merge-outlets: same category, similar
 * name, within 30 m) and repeated rows of the file fold into their first;
 * outlets and compounds without a street get one from the street boundaries.
 */
export async function runImport(store: Store, request: ImportRequest, context: ImportContext): Promise<ImportReport> {
  const { file, format, kind } = request;
  if (!['csv', 'xlsx', 'geojson'].includes(format)) unsupported(file, `unknown format "${String(format)}"`);
  if (kind === 'boundaries' && format !== 'geojson') unsupported(file, 'boundaries must be GeoJSON');
  const invalid = (field: string, reason: string): never => {
    throw new LifecircleError('VALIDATION', { field, reason });
  };
  if (!CRS_VALUES.includes(request.crs)) invalid('crs', `expected wgs84, gcj02 or bd09, got "${String(request.crs)}"`);
  if (request.status !== undefined && !OUTLET_STATUSES.includes(request.status))
    invalid('status', `unknown status "${String(request.status)}"`);
  const personsPerM2 = request.personsPerM2 ?? DEFAULT_PERSONS_PER_M2;
  if (!(personsPerM2 > 0 && personsPerM2 < 1))
    invalid('personsPerM2', `expected persons per m² between 0 and 1, got ${personsPerM2}`);
  let write: (tx: StoreTx) => Promise<ImportReport>;
  if (kind === 'outlets') {
    const rows =
      format === 'geojson' ? readGeoJson(request.bytes, file).rows : (await readTable(request.bytes, file, format)).rows;
    const parsed = parseOutletRows(rows, {
      file,
      crs: request.crs,
      taxonomy: request.taxonomy,
      status: request.status ?? 'active',
    });
    write = (tx) => writeOutlets(tx, request, parsed);
  } else if (kind === 'compounds') {
    const rows =
      format === 'geojson' ? readGeoJson(request.bytes, file).rows : (await readTable(request.bytes, file, format)).rows;
    const streets = await store.listStreets();
    const parsed = parseCompoundRows(rows, {
      file,
      crs: request.crs,
      personsPerM2,
      streets,
    });
    write = (tx) => writeCompounds(tx, request, parsed);
  } else if (kind === 'boundaries') {
    const parsed = parseBoundaries(request.bytes, file, request.crs, request.level ?? 'auto');
    checkBoundaryReferences(file, parsed, await store.listDistricts());
    write = (tx) => writeBoundaries(tx, request, parsed);
  } else if (kind === 'street-totals') {
    if (format === 'geojson') unsupported(file, 'street totals must be CSV or XLSX');
    const { rows } = await readTable(request.bytes, file, format);
    const totals = parseStreetTotals(rows, file, await store.listStreets());
    write = (tx) => writeStreetTotals(tx, request, rows.length, totals);
  } else {
    unsupported(file, `unknown import kind "${String(kind)}"`);
  }
  const report = await store.transaction(async (tx) => {
    const report = await write(tx);
    await tx.appendAudit({
      userId: context.userId,
      action: 'import',
      entity: kind,
      entityId: null,
      before: null,
      after: {
        file,
        format,
        crs: request.crs,
        numRows: report.numRows,
        numInserted: report.numInserted,
        numUpdated: report.numUpdated,
        numUnclassified: report.numUnclassified,
        byCategory: report.byCategory,
      },
      requestId: context.requestId,
    });
    return report;
  });
  if (report.numInserted + report.numUpdated >= BULK_LOAD_ROWS) await store.refreshStatistics();
  return report;
}

function union(a: readonly string[], b: readonly string[]): string[] {
  return [...a, ...b.filter((item) => !a.includes(item))];
}

/** Folds a repeated row into its first: categories and services join, empty fields are filled. */
function fold(first: NewOutlet, repeat: NewOutlet): NewOutlet {
  return {
    ...first,
    categoryIds: union(first.categoryIds, repeat.categoryIds),
    services: union(first.services, repeat.services),
    address: first.address ?? repeat.address,
    openingHours: first.openingHours ?? repeat.openingHours,
    phone: first.phone ?? repeat.phone,
    externalId: first.externalId ?? repeat.externalId,
    lastVerified: first.lastVerified ?? repeat.lastVerified,
  };
}

/**
 * The change an imported record makes to an existing outlet: its name,
 * position and categories (joined with the outlet's own) and any field the
 * file gives; status, source, merchant and review state stay as they are.
 */
function outletPatch(existing: Outlet, incoming: NewOutlet): OutletPatch {
  const patch: OutletPatch = {
    name: incoming.name,
    location: incoming.location,
    categoryIds: union(existing.categoryIds, incoming.categoryIds),
  };
  if (incoming.address !== null) patch.address = incoming.address;
  if (incoming.openingHours !== null) patch.openingHours = incoming.openingHours;
  if (incoming.phone !== null) patch.phone = incoming.phone;
  if (incoming.services.length > 0) patch.services = union(existing.services, incoming.services);
  if (incoming.lastVerified !== null) patch.lastVerified = incoming.lastVerified;
  if (incoming.externalId !== null && existing.externalId === null) patch.externalId = incoming.externalId;
  if (existing.streetId === null && incoming.streetId !== null) patch.streetId = incoming.streetId;
  return patch;
}

/** Whether a patch differs from the record in any field (arrays and positions compared by value). */
function changesSomething(existing: Outlet, patch: OutletPatch): boolean {
  return Object.entries(patch).some(([key, value]) => JSON.stringify(existing[key as keyof Outlet]) !== JSON.stringify(value));
}

async function writeOutlets(tx: StoreTx, request: ImportRequest, parsed: ParsedOutlets): Promise<ImportReport> {
  const report = emptyReport(request, parsed.numRows);
  report.numUnclassified = parsed.numUnclassified;
  report.unclassifiedExamples = parsed.unclassifiedExamples;
  for (const { outlet } of parsed.outlets)
    for (const id of outlet.categoryIds) report.byCategory[id] = (report.byCategory[id] ?? 0) + 1;
  if (parsed.outlets.length === 0) return report;
  const locate = createStreetLocator(await tx.listStreets());
  const incoming = parsed.outlets.map(({ outlet }) => ({
    ...outlet,
    streetId: outlet.streetId ?? locate(outlet.location[0], outlet.location[1]),
  }));
  const existing = await tx.listOutlets({
    bbox: pointsBbox(
      incoming.map((o) => o.location),
      BBOX_MARGIN_M,
    ),
  });
  const plan = planOutletMerge(existing, incoming);
  // Fold repeated rows into their first, in file order (a repeat always follows its first).
  const merged = incoming.slice();
  for (let i = 0; i < incoming.length; i++) {
    const first = plan.duplicateOf[i]!;
    if (first >= 0) merged[first] = fold(merged[first]!, incoming[i]!);
  }
  const toInsert: NewOutlet[] = [];
  for (let i = 0; i < merged.length; i++) {
    if (plan.duplicateOf[i]! >= 0) continue;
    const match = plan.matchOf[i]!;
    if (match >= 0) {
      const target = existing[match]!;
      const patch = outletPatch(target, merged[i]!);
      // A row that changes nothing is still counted as updated (confirmed), but not written.
      if (changesSomething(target, patch)) await tx.updateOutlet(target.id, patch);
      report.numUpdated++;
    } else {
      toInsert.push(merged[i]!);
    }
  }
  if (toInsert.length > 0) report.numInserted = (await tx.insertOutlets(toInsert)).length;
  return report;
}

async function writeCompounds(tx: StoreTx, request: ImportRequest, parsed: ParsedCompound[]): Promise<ImportReport> {
  const report = emptyReport(request, parsed.length);
  const locate = createStreetLocator(await tx.listStreets());
  const existing = parsed.length === 0 ? [] : await tx.listCompounds();
  const byExternalId = new Map<string, Compound>();
  const byName = new Map<string, Compound[]>();
  for (const compound of existing) {
    if (compound.externalId !== null) byExternalId.set(`${compound.source}\u0000${compound.externalId}`, compound);
    const key = normaliseName(compound.name);
    byName.set(key, [...(byName.get(key) ?? []), compound]);
  }
  const claimed = new Set<number>();
  const toInsert: Omit<Compound, 'id'>[] = [];
  for (const { compound: parsedCompound } of parsed) {
    const compound = {
      ...parsedCompound,
      streetId: parsedCompound.streetId ?? locate(parsedCompound.location[0], parsedCompound.location[1]),
    };
    // Same source and external id, else the same name within 50 m: the row updates that compound.
    let match = compound.externalId === null ? undefined : byExternalId.get(`${compound.source}\u0000${compound.externalId}`);
    if (match === undefined && compound.externalId === null) {
      match = (byName.get(normaliseName(compound.name)) ?? []).find(
        (other) =>
          !claimed.has(other.id) &&
          haversineM(other.location[0], other.location[1], compound.location[0], compound.location[1]) <= COMPOUND_MATCH_M,
      );
    }
    if (match !== undefined && !claimed.has(match.id)) {
      claimed.add(match.id);
      // Only what the table says changes: circle, committee, gates, source and ids the compound has stay.
      const patch: Partial<Omit<Compound, 'id'>> = {
        residents: compound.residents,
        isEstimated: compound.isEstimated,
        location: compound.location,
      };
      if (parsedCompound.streetId !== null) patch.streetId = parsedCompound.streetId;
      if (compound.households !== null) patch.households = compound.households;
      if (compound.age0to14 !== null) patch.age0to14 = compound.age0to14;
      if (compound.age15to59 !== null) patch.age15to59 = compound.age15to59;
      if (compound.age60plus !== null) patch.age60plus = compound.age60plus;
      if (compound.outline !== null) patch.outline = compound.outline;
      if (compound.gates.length > 0) patch.gates = compound.gates;
      await tx.updateCompound(match.id, patch);
      report.numUpdated++;
    } else {
      toInsert.push(compound);
    }
  }
  if (toInsert.length > 0) report.numInserted = (await tx.insertCompounds(toInsert)).length;
  return report;
}

/** A `district` reference (name or code) resolved among districts. */
function findDistrict<T extends { name: string; code: string | null }>(
  districts: readonly T[],
  reference: string,
): T | undefined {
  return districts.find((district) => district.name === reference || district.code === reference);
}

/**
 * Checks before any write that every street and circle names a district that
 * exists or comes earlier in the file (or that exactly one district exists
 * when none is named), and that no district of the file exists already.
 */
function checkBoundaryReferences(file: string, parsed: readonly ParsedBoundary[], districts: readonly District[]): void {
  const known: { name: string; code: string | null }[] = [...districts];
  for (const boundary of parsed) {
    const fail = (field: string, reason: string): never => {
      throw new LifecircleError('IMPORT_ROW', { file, row: boundary.row, field, reason });
    };
    if (boundary.level === 'district') {
      if (
        findDistrict(known, boundary.name) !== undefined ||
        (boundary.code !== null && findDistrict(known, boundary.code) !== undefined)
      ) {
        fail(boundary.fields.name, `district "${boundary.name}" exists already`);
      }
      known.push({ name: boundary.name, code: boundary.code });
    } else if (boundary.district !== null) {
      if (findDistrict(known, boundary.district) === undefined)
        fail(boundary.fields.district, `no district named "${boundary.district}"`);
    } else if (known.length !== 1) {
      fail(boundary.fields.district, `required: ${known.length} districts exist, say which one`);
    }
  }
}

async function writeBoundaries(tx: StoreTx, request: ImportRequest, parsed: readonly ParsedBoundary[]): Promise<ImportReport> {
  const report = emptyReport(request, parsed.length);
  const districts = await tx.listDistricts();
  const streets = await tx.listStreets();
  const districtOf = (boundary: ParsedBoundary): District =>
    boundary.district === null ? districts[0]! : findDistrict(districts, boundary.district)!;
  for (const boundary of parsed) {
    if (boundary.level === 'district') {
      districts.push(await tx.insertDistrict({ name: boundary.name, code: boundary.code, boundary: boundary.boundary }));
      report.numInserted++;
    } else if (boundary.level === 'street') {
      const districtId = districtOf(boundary).id;
      const same = streets.find(
        (street) =>
          street.districtId === districtId &&
          (street.name === boundary.name || (boundary.code !== null && street.code === boundary.code)),
      );
      if (same !== undefined) {
        // A street known by name (e.g. from the statistical code list) gains its boundary; circles later in the file see it.
        streets[streets.indexOf(same)] = await tx.updateStreet(same.id, {
          boundary: boundary.boundary,
          code: boundary.code ?? same.code,
        });
        report.numUpdated++;
      } else {
        const kind = boundary.name.endsWith('镇') && !boundary.name.endsWith('街道') ? 'town' : 'subdistrict';
        streets.push(
          await tx.insertStreet({ districtId, name: boundary.name, code: boundary.code, kind, boundary: boundary.boundary }),
        );
        report.numInserted++;
      }
    } else {
      const districtId = districtOf(boundary).id;
      // The streets a circle touches: those holding its centroid or any of its outer-ring vertices.
      const outer =
        boundary.boundary.type === 'Polygon'
          ? [boundary.boundary.coordinates[0]!]
          : boundary.boundary.coordinates.map((polygon) => polygon[0]!);
      const probes = [areaCentroid(boundary.boundary), ...outer.flat()];
      const streetIds = streets
        .filter(
          (street) =>
            street.districtId === districtId &&
            street.boundary !== null &&
            probes.some(([lng, lat]) => isPointInArea(lng, lat, street.boundary!)),
        )
        .map((street) => street.id)
        .sort((a, b) => a - b);
      // A circle already known in the district (same name, or same code) is redrawn, not doubled.
      const same = (await tx.listCircles()).find(
        (circle) =>
          circle.districtId === districtId &&
          (circle.name === boundary.name || (boundary.code !== null && circle.code === boundary.code)),
      );
      if (same) {
        await tx.updateCircle(same.id, { boundary: boundary.boundary, code: boundary.code ?? same.code, streetIds });
        report.numUpdated++;
      } else {
        await tx.insertCircle({
          districtId,
          name: boundary.name,
          code: boundary.code,
          boundary: boundary.boundary,
          streetIds,
          committeeIds: [],
        });
        report.numInserted++;
      }
    }
  }
  return report;
}

/** Scales the estimated compounds of each street in `totals` so the street sums to its figure; updates the changed ones. */
async function writeStreetTotals(
  tx: StoreTx,
  request: ImportRequest,
  numRows: number,
  totals: ReadonlyMap<number, number>,
): Promise<ImportReport> {
  const compounds = await tx.listCompounds();
  const scaled = scaleToStreetTotals(compounds, totals);
  let numUpdated = 0;
  for (let i = 0; i < compounds.length; i++) {
    const before = compounds[i]!;
    const after = scaled[i]!;
    if (after.residents === before.residents && after.age60plus === before.age60plus && after.age0to14 === before.age0to14)
      continue;
    await tx.updateCompound(before.id, {
      residents: after.residents,
      age0to14: after.age0to14,
      age15to59: after.age15to59,
      age60plus: after.age60plus,
    });
    numUpdated++;
  }
  return {
    kind: request.kind,
    file: request.file,
    numRows,
    numInserted: 0,
    numUpdated,
    numUnclassified: 0,
    unclassifiedExamples: [],
    byCategory: {},
  };
}
