import type { AdminOperations } from '../operation-groups.js';
import { LifecircleError } from '@lifecircle/shared';
import type { Circle, Committee, District, Street } from '@lifecircle/shared';
import type { RowContext, SyncTx } from './sync-tx.js';
import { applyPatch, toJson } from './sync-tx.js';
import { tableWriter } from './table-writer.js';
import type { SqlRow } from './table-writer.js';
import { sqliteRecords } from './sqlite-records.js';

type DbRow = Record<string, unknown>;

const { circleFromRow, committeeFromRow, districtFromRow, streetFromRow } = sqliteRecords;

function districtRow(d: Omit<District, 'id'>): SqlRow {
  return { code: d.code, name: d.name, boundary: toJson(d.boundary) };
}
function streetRow(s: Omit<Street, 'id'>): SqlRow {
  return { district_id: s.districtId, code: s.code, name: s.name, kind: s.kind, boundary: toJson(s.boundary) };
}
function committeeRow(c: Omit<Committee, 'id'>): SqlRow {
  return { street_id: c.streetId, code: c.code, name: c.name, boundary: toJson(c.boundary) };
}
function circleRow(c: Omit<Circle, 'id'>): SqlRow {
  return { district_id: c.districtId, code: c.code, name: c.name, boundary: toJson(c.boundary) };
}
// The link ids come back sorted, as the domain promises, in the same query.
const CIRCLE_SELECT = `SELECT c.*,
  (SELECT json_group_array(street_id) FROM (SELECT street_id FROM circle_streets WHERE circle_id = c.id ORDER BY street_id)) AS street_ids,
  (SELECT json_group_array(committee_id) FROM (SELECT committee_id FROM circle_committees WHERE circle_id = c.id ORDER BY committee_id)) AS committee_ids
  FROM circles c`;

/** Districts, streets, committees and circles (with their street and committee links). */
export function adminRows(context: RowContext): Pick<SyncTx, AdminOperations> {
  const { db } = context;
  const districts = tableWriter(db, 'districts', ['code', 'name', 'boundary']);
  const streets = tableWriter(db, 'streets', ['district_id', 'code', 'name', 'kind', 'boundary']);
  const committees = tableWriter(db, 'committees', ['street_id', 'code', 'name', 'boundary']);
  const circles = tableWriter(db, 'circles', ['district_id', 'code', 'name', 'boundary']);
  const circleStreets = tableWriter(db, 'circle_streets', ['circle_id', 'street_id']);
  const circleCommittees = tableWriter(db, 'circle_committees', ['circle_id', 'committee_id']);

  const listDistricts = db.prepare('SELECT * FROM districts ORDER BY id');
  const getStreet = db.prepare('SELECT * FROM streets WHERE id = ?');
  const listStreets = db.prepare('SELECT * FROM streets WHERE (@district_id IS NULL OR district_id = @district_id) ORDER BY id');
  const listCommittees = db.prepare('SELECT * FROM committees WHERE (@street_id IS NULL OR street_id = @street_id) ORDER BY id');
  const getCircle = db.prepare(`${CIRCLE_SELECT} WHERE c.id = ?`);
  const listCircles = db.prepare(`${CIRCLE_SELECT} ORDER BY c.id`);
  const listCirclesOfStreet = db.prepare(
    `${CIRCLE_SELECT} WHERE c.id IN (SELECT circle_id FROM circle_streets WHERE street_id = ?) ORDER BY c.id`,
  );
  const deleteCircleStreets = db.prepare('DELETE FROM circle_streets WHERE circle_id = ?');
  const deleteCircleCommittees = db.prepare('DELETE FROM circle_committees WHERE circle_id = ?');

  const readStreet = (id: number): Street | null => {
    const row = getStreet.get(id) as DbRow | undefined;
    return row ? streetFromRow(row) : null;
  };
  const readCircle = (id: number): Circle | null => {
    const row = getCircle.get(id) as DbRow | undefined;
    return row ? circleFromRow(row) : null;
  };
  const writeCircleLinks = (circleId: number, streetIds: readonly number[], committeeIds: readonly number[]): void => {
    deleteCircleStreets.run(circleId);
    deleteCircleCommittees.run(circleId);
    for (const streetId of new Set(streetIds)) circleStreets.insert({ circle_id: circleId, street_id: streetId });
    for (const committeeId of new Set(committeeIds)) circleCommittees.insert({ circle_id: circleId, committee_id: committeeId });
  };

  return {
    insertDistrict(district) {
      const id = districts.insert(districtRow(district));
      return { ...district, id };
    },
    listDistricts() {
      return (listDistricts.all() as DbRow[]).map(districtFromRow);
    },
    insertStreet(street) {
      const id = streets.insert(streetRow(street));
      return readStreet(id)!;
    },
    getStreet: readStreet,
    listStreets(filter = {}) {
      return (listStreets.all({ district_id: filter.districtId ?? null }) as DbRow[]).map(streetFromRow);
    },
    updateStreet(id, patch) {
      const current = readStreet(id);
      if (!current) throw new LifecircleError('NOT_FOUND', { entity: 'street', id });
      streets.update(id, streetRow(applyPatch(current, patch)));
      return readStreet(id)!;
    },
    insertCommittee(committee) {
      const id = committees.insert(committeeRow(committee));
      return { ...committee, id };
    },
    listCommittees(filter = {}) {
      return (listCommittees.all({ street_id: filter.streetId ?? null }) as DbRow[]).map(committeeFromRow);
    },
    insertCircle: db.transaction((circle: Omit<Circle, 'id'>): Circle => {
      const id = circles.insert(circleRow(circle));
      writeCircleLinks(id, circle.streetIds, circle.committeeIds);
      return readCircle(id)!;
    }),
    getCircle: readCircle,
    listCircles(filter = {}) {
      const rows = filter.streetId === undefined ? listCircles.all() : listCirclesOfStreet.all(filter.streetId);
      return (rows as DbRow[]).map(circleFromRow);
    },
    updateCircle: db.transaction((id: number, patch: Partial<Omit<Circle, 'id'>>): Circle => {
      const current = readCircle(id);
      if (!current) throw new LifecircleError('NOT_FOUND', { entity: 'circle', id });
      const next = applyPatch(current, patch);
      circles.update(id, circleRow(next));
      if (patch.streetIds || patch.committeeIds) writeCircleLinks(id, next.streetIds, next.committeeIds);
      return readCircle(id)!;
    }),
  };
}
