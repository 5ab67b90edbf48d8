import type { PlaceOperations } from '../operation-groups.js';
import { LifecircleError } from '@lifecircle/shared';
import type { Building, Compound } from '@lifecircle/shared';
import type { CompoundFilter } from '../store.js';
import type { RowContext, SyncTx } from './sync-tx.js';
import { WhereClause, applyPatch, statementCache, toFlag, toJson } from './sync-tx.js';
import { tableWriter } from './table-writer.js';
import type { SqlRow } from './table-writer.js';
import { sqliteRecords } from './sqlite-records.js';

type DbRow = Record<string, unknown>;

const { buildingFromRow, compoundFromRow } = sqliteRecords;

const COMPOUND_COLUMNS = [
  'name',
  'street_id',
  'committee_id',
  'circle_id',
  'lng',
  'lat',
  'outline',
  'gates',
  'households',
  'residents',
  'age_0_14',
  'age_15_59',
  'age_60_plus',
  'is_estimated',
  'source',
  'external_id',
];

function compoundRow(c: Omit<Compound, 'id'>): SqlRow {
  return {
    name: c.name,
    street_id: c.streetId,
    committee_id: c.committeeId,
    circle_id: c.circleId,
    lng: c.location[0],
    lat: c.location[1],
    outline: toJson(c.outline),
    gates: JSON.stringify(c.gates),
    households: c.households,
    residents: c.residents,
    age_0_14: c.age0to14,
    age_15_59: c.age15to59,
    age_60_plus: c.age60plus,
    is_estimated: toFlag(c.isEstimated),
    source: c.source,
    external_id: c.externalId,
  };
}
const BUILDING_COLUMNS = [
  'compound_id',
  'street_id',
  'lng',
  'lat',
  'footprint_m2',
  'levels',
  'households',
  'residents',
  'age_0_14',
  'age_15_59',
  'age_60_plus',
  'is_estimated',
  'source',
  'external_id',
];

function buildingRow(b: Omit<Building, 'id'>): SqlRow {
  return {
    compound_id: b.compoundId,
    street_id: b.streetId,
    lng: b.location[0],
    lat: b.location[1],
    footprint_m2: b.footprintM2,
    levels: b.levels,
    households: b.households,
    residents: b.residents,
    age_0_14: b.age0to14,
    age_15_59: b.age15to59,
    age_60_plus: b.age60plus,
    is_estimated: toFlag(b.isEstimated),
    source: b.source,
    external_id: b.externalId,
  };
}
/** Residential compounds and buildings. */
export function placeRows(context: RowContext): Pick<SyncTx, PlaceOperations> {
  const { db } = context;
  const compounds = tableWriter(db, 'compounds', COMPOUND_COLUMNS);
  const buildings = tableWriter(db, 'buildings', BUILDING_COLUMNS);
  const statement = statementCache(db);
  const getCompound = db.prepare('SELECT * FROM compounds WHERE id = ?');

  const readCompound = (id: number): Compound | null => {
    const row = getCompound.get(id) as DbRow | undefined;
    return row ? compoundFromRow(row) : null;
  };

  return {
    // db.transaction makes a bulk insert atomic on its own and a savepoint inside an open transaction.
    insertCompounds: db.transaction((items: Omit<Compound, 'id'>[]): number[] =>
      items.map((item, index) => compounds.insert(compoundRow(item), index)),
    ),
    getCompound: readCompound,
    listCompounds(filter: CompoundFilter = {}) {
      const where = new WhereClause();
      if (filter.streetId !== undefined) where.add('street_id = @street_id', { street_id: filter.streetId });
      if (filter.committeeId !== undefined) where.add('committee_id = @committee_id', { committee_id: filter.committeeId });
      if (filter.circleId !== undefined) where.add('circle_id = @circle_id', { circle_id: filter.circleId });
      if (filter.bbox) {
        const [min_lng, min_lat, max_lng, max_lat] = filter.bbox;
        where.add('lng BETWEEN @min_lng AND @max_lng AND lat BETWEEN @min_lat AND @max_lat', {
          min_lng,
          min_lat,
          max_lng,
          max_lat,
        });
      }
      const sql = `SELECT * FROM compounds ${where} ORDER BY id`;
      return (statement(sql).all(where.params) as DbRow[]).map(compoundFromRow);
    },
    updateCompound(id, patch) {
      const current = readCompound(id);
      if (!current) throw new LifecircleError('NOT_FOUND', { entity: 'compound', id });
      compounds.update(id, compoundRow(applyPatch(current, patch)));
      return readCompound(id)!;
    },
    insertBuildings: db.transaction((items: Omit<Building, 'id'>[]): number[] =>
      items.map((item, index) => buildings.insert(buildingRow(item), index)),
    ),
    listBuildings(filter = {}) {
      const where = new WhereClause();
      if (filter.compoundId !== undefined) where.add('compound_id = @compound_id', { compound_id: filter.compoundId });
      if (filter.streetId !== undefined) where.add('street_id = @street_id', { street_id: filter.streetId });
      const sql = `SELECT * FROM buildings ${where} ORDER BY id`;
      return (statement(sql).all(where.params) as DbRow[]).map(buildingFromRow);
    },
  };
}
