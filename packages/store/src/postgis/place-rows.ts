import type { PlaceOperations } from '../operation-groups.js';
import { LifecircleError } from '@lifecircle/shared';
import type { Building, Compound } from '@lifecircle/shared';
import type { CompoundFilter } from '../store.js';
import { applyPatch } from '../row-values.js';
import { allocateIds, bulkInsert, toColumns } from './bulk-insert.js';
import type { BulkColumn } from './bulk-insert.js';
import type { PgDb, PgOperations } from './pg-db.js';
import { PgWhere, geometryParam, pointParam } from './pg-values.js';
import { postgisRecords } from './postgis-records.js';

const { buildingFromRow, compoundFromRow } = postgisRecords;

/** The resident figures and provenance compounds and buildings share, last in both tables' column lists. */
const POPULATION_COLUMNS: readonly BulkColumn[] = [
  { name: 'households', type: 'integer' },
  { name: 'residents', type: 'double precision' },
  { name: 'age_0_14', type: 'double precision' },
  { name: 'age_15_59', type: 'double precision' },
  { name: 'age_60_plus', type: 'double precision' },
  { name: 'is_estimated', type: 'boolean' },
  { name: 'source', type: 'text' },
  { name: 'external_id', type: 'text' },
];

/** A compound's or building's values in POPULATION_COLUMNS order. */
function populationValues(p: Omit<Compound | Building, 'id'>): unknown[] {
  return [p.households, p.residents, p.age0to14, p.age15to59, p.age60plus, p.isEstimated, p.source, p.externalId];
}

const COMPOUND_COLUMNS: readonly BulkColumn[] = [
  { name: 'id', type: 'integer' },
  { name: 'name', type: 'text' },
  { name: 'street_id', type: 'integer' },
  { name: 'committee_id', type: 'integer' },
  { name: 'circle_id', type: 'integer' },
  { name: 'location', type: 'geometry' },
  { name: 'outline', type: 'geometry' },
  { name: 'gates', type: 'geometry' },
  ...POPULATION_COLUMNS,
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
    ...populationValues(c),
  ];
}
const BUILDING_COLUMNS: readonly BulkColumn[] = [
  { name: 'id', type: 'integer' },
  { name: 'compound_id', type: 'integer' },
  { name: 'street_id', type: 'integer' },
  { name: 'location', type: 'geometry' },
  { name: 'footprint_m2', type: 'double precision' },
  { name: 'levels', type: 'double precision' },
  ...POPULATION_COLUMNS,
];

async function readCompound(db: PgDb, id: number): Promise<Compound | null> {
  const row = await db.row('SELECT * FROM compounds WHERE id = $1', [id]);
  return row ? compoundFromRow(row) : null;
}

/** Residential compounds and buildings, positions and outlines as PostGIS geometries. */
export function placeRows(): Pick<PgOperations, PlaceOperations> {
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
          ...populationValues(b),
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
