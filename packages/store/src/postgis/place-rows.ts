import { LifecircleError } from '@lifecircle/shared';
import type { Building, Compound } from '@lifecircle/shared';
import type { CompoundFilter } from '../store.js';
import { applyPatch } from '../row-values.js';
import { allocateIds, bulkInsert, toColumns } from './bulk-insert.js';
import type { BulkColumn } from './bulk-insert.js';
import type { DbRow, PgDb, PgOperations } from './pg-db.js';
import { PgWhere, areaOf, geometryParam, pointOf, pointParam, pointsOf } from './pg-values.js';

const COMPOUND_COLUMNS: readonly BulkColumn[] = [
  { name: 'id', type: 'integer' },
  { name: 'name', type: 'text' },
  { name: 'street_id', type: 'integer' },
  { name: 'committee_id', type: 'integer' },
  { name: 'circle_id', type: 'integer' },
  { name: 'location', type: 'geometry' },
  { name: 'outline', type: 'geometry' },
  { name: 'gates', type: 'geometry' },
  { name: 'households', type: 'integer' },
  { name: 'residents', type: 'double precision' },
  { name: 'age_0_14', type: 'double precision' },
  { name: 'age_15_59', type: 'double precision' },
  { name: 'age_60_plus', type: 'double precision' },
  { name: 'is_estimated', type: 'boolean' },
  { name: 'source', type: 'text' },
  { name: 'external_id', type: 'text' },
];

/** A compound's values in COMPOUND_COLUMNS order. */
function compoundValues(id: number, c: Omit<Compound, 'id'>, index?: number): unknown[] {
  return [
    id,
    c.name,
    c.streetId,
    c.committeeId,
    c.circleId,
    pointParam('location', c.location, index),
    geometryParam('outline', c.outline, index),
    geometryParam('gates', { type: 'MultiPoint', coordinates: c.gates }, index),
    c.households,
    c.residents,
    c.age0to14,
    c.age15to59,
    c.age60plus,
    c.isEstimated,
    c.source,
    c.externalId,
  ];
}
function compoundFromRow(r: DbRow): Compound {
  return {
    id: r.id as number,
    name: r.name as string,
    streetId: r.street_id as number | null,
    committeeId: r.committee_id as number | null,
    circleId: r.circle_id as number | null,
    location: pointOf(r.location),
    outline: areaOf(r.outline),
    gates: pointsOf(r.gates),
    households: r.households as number | null,
    residents: r.residents as number,
    age0to14: r.age_0_14 as number | null,
    age15to59: r.age_15_59 as number | null,
    age60plus: r.age_60_plus as number | null,
    isEstimated: r.is_estimated as boolean,
    source: r.source as string,
    externalId: r.external_id as string | null,
  };
}

const BUILDING_COLUMNS: readonly BulkColumn[] = [
  { name: 'id', type: 'integer' },
  { name: 'compound_id', type: 'integer' },
  { name: 'street_id', type: 'integer' },
  { name: 'location', type: 'geometry' },
  { name: 'footprint_m2', type: 'double precision' },
  { name: 'levels', type: 'double precision' },
  { name: 'households', type: 'integer' },
  { name: 'residents', type: 'double precision' },
  { name: 'age_0_14', type: 'double precision' },
  { name: 'age_15_59', type: 'double precision' },
  { name: 'age_60_plus', type: 'double precision' },
  { name: 'is_estimated', type: 'boolean' },
  { name: 'source', type: 'text' },
  { name: 'external_id', type: 'text' },
];

function buildingFromRow(r: DbRow): Building {
  return {
    id: r.id as number,
    compoundId: r.compound_id as number | null,
    streetId: r.street_id as number | null,
    location: pointOf(r.location),
    footprintM2: r.footprint_m2 as number,
    levels: r.levels as number,
    households: r.households as number | null,
    residents: r.residents as number,
    age0to14: r.age_0_14 as number | null,
    age15to59: r.age_15_59 as number | null,
    age60plus: r.age_60_plus as number | null,
    isEstimated: r.is_estimated as boolean,
    source: r.source as string,
    externalId: r.external_id as string | null,
  };
}

async function readCompound(db: PgDb, id: number): Promise<Compound | null> {
  const row = await db.row('SELECT * FROM compounds WHERE id = $1', [id]);
  return row ? compoundFromRow(row) : null;
}

/** Residential compounds and buildings, positions and outlines as PostGIS geometries. */
export function placeRows(): Pick<
  PgOperations,
  'insertCompounds' | 'getCompound' | 'listCompounds' | 'updateCompound' | 'insertBuildings' | 'listBuildings'
> {
  return {
    insertCompounds: (db, items) =>
      db.atomic(async () => {
        const ids = await allocateIds(db, 'compounds', items.length);
        const rows = items.map((item, index) => compoundValues(ids[index]!, item, index));
        await bulkInsert(db, 'compounds', COMPOUND_COLUMNS, toColumns(COMPOUND_COLUMNS.length, rows));
        return ids;
      }),
    getCompound: readCompound,
    async listCompounds(db, filter: CompoundFilter = {}) {
      const where = new PgWhere();
      where.equals('street_id', filter.streetId);
      where.equals('committee_id', filter.committeeId);
      where.equals('circle_id', filter.circleId);
      if (filter.bbox) where.bbox('location', filter.bbox);
      return (await db.rows(`SELECT * FROM compounds ${where} ORDER BY id`, where.params)).map(compoundFromRow);
    },
    updateCompound: (db, id, patch) =>
      db.atomic(async () => {
        const current = (await db.lockRow('compounds', id)) ? await readCompound(db, id) : null;
        if (!current) throw new LifecircleError('NOT_FOUND', { entity: 'compound', id });
        const values = compoundValues(id, applyPatch(current, patch));
        const assignments = COMPOUND_COLUMNS.slice(1).map((c, i) => `${c.name} = $${i + 2}`);
        const row = await db.row(`UPDATE compounds SET ${assignments.join(', ')} WHERE id = $1 RETURNING *`, values);
        return compoundFromRow(row!);
      }),
    insertBuildings: (db, items) =>
      db.atomic(async () => {
        const ids = await allocateIds(db, 'buildings', items.length);
        const rows = items.map((b, i) => [
          ids[i],
          b.compoundId,
          b.streetId,
          pointParam('location', b.location, i),
          b.footprintM2,
          b.levels,
          b.households,
          b.residents,
          b.age0to14,
          b.age15to59,
          b.age60plus,
          b.isEstimated,
          b.source,
          b.externalId,
        ]);
        await bulkInsert(db, 'buildings', BUILDING_COLUMNS, toColumns(BUILDING_COLUMNS.length, rows));
        return ids;
      }),
    async listBuildings(db, filter = {}) {
      const where = new PgWhere();
      where.equals('compound_id', filter.compoundId);
      where.equals('street_id', filter.streetId);
      return (await db.rows(`SELECT * FROM buildings ${where} ORDER BY id`, where.params)).map(buildingFromRow);
    },
  };
}
