import type { AdminOperations } from '../operation-groups.js';
import { LifecircleError } from '@lifecircle/shared';
import type { Circle, Street } from '@lifecircle/shared';
import { applyPatch } from '../row-values.js';
import type { PgDb, PgOperations } from './pg-db.js';
import { geometryParam } from './pg-values.js';
import { postgisRecords } from './postgis-records.js';

const { circleFromRow, committeeFromRow, districtFromRow, streetFromRow } = postgisRecords;

// The link ids come back sorted, as the domain promises, in the same query.
const CIRCLE_SELECT = `SELECT c.*,
  ARRAY(SELECT street_id FROM circle_streets WHERE circle_id = c.id ORDER BY street_id) AS street_ids,
  ARRAY(SELECT committee_id FROM circle_committees WHERE circle_id = c.id ORDER BY committee_id) AS committee_ids
  FROM circles c`;

async function readStreet(db: PgDb, id: number): Promise<Street | null> {
  const row = await db.row('SELECT * FROM streets WHERE id = $1', [id]);
  return row ? streetFromRow(row) : null;
}

async function readCircle(db: PgDb, id: number): Promise<Circle | null> {
  const row = await db.row(`${CIRCLE_SELECT} WHERE c.id = $1`, [id]);
  return row ? circleFromRow(row) : null;
}

async function writeCircleLinks(db: PgDb, circleId: number, streetIds: readonly number[], committeeIds: readonly number[]) {
  await db.run('DELETE FROM circle_streets WHERE circle_id = $1', [circleId]);
  await db.run('DELETE FROM circle_committees WHERE circle_id = $1', [circleId]);
  await db.run(
    'INSERT INTO circle_streets (circle_id, street_id) SELECT DISTINCT $1::integer, street_id FROM unnest($2::integer[]) AS street_id',
    [circleId, streetIds],
  );
  await db.run(
    'INSERT INTO circle_committees (circle_id, committee_id) SELECT DISTINCT $1::integer, committee_id FROM unnest($2::integer[]) AS committee_id',
    [circleId, committeeIds],
  );
}

/** Districts, streets, committees and circles (with their street and committee links). */
export function adminRows(): Pick<PgOperations, AdminOperations> {
  const circleParams = (c: Omit<Circle, 'id'>) => [c.districtId, c.code, c.name, geometryParam('boundary', c.boundary)];
  const streetParams = (s: Omit<Street, 'id'>) => [s.districtId, s.code, s.name, s.kind, geometryParam('boundary', s.boundary)];
  return {
    async insertDistrict(db, district) {
      const row = await db.row<{ id: number }>('INSERT INTO districts (code, name, boundary) VALUES ($1, $2, $3) RETURNING id', [
        district.code,
        district.name,
        geometryParam('boundary', district.boundary),
      ]);
      return { ...district, id: row!.id };
    },
    async listDistricts(db) {
      return (await db.rows('SELECT * FROM districts ORDER BY id')).map(districtFromRow);
    },
    async insertStreet(db, street) {
      const row = await db.row(
        'INSERT INTO streets (district_id, code, name, kind, boundary) VALUES ($1, $2, $3, $4, $5) RETURNING *',
        streetParams(street),
      );
      return streetFromRow(row!);
    },
    getStreet: readStreet,
    async listStreets(db, filter = {}) {
      const rows = await db.rows('SELECT * FROM streets WHERE ($1::integer IS NULL OR district_id = $1) ORDER BY id', [
        filter.districtId ?? null,
      ]);
      return rows.map(streetFromRow);
    },
    updateStreet: (db, id, patch) =>
      db.atomic(async () => {
        const current = (await db.lockRow('streets', id)) ? await readStreet(db, id) : null;
        if (!current) throw new LifecircleError('NOT_FOUND', { entity: 'street', id });
        const row = await db.row(
          'UPDATE streets SET district_id = $1, code = $2, name = $3, kind = $4, boundary = $5 WHERE id = $6 RETURNING *',
          [...streetParams(applyPatch(current, patch)), id],
        );
        return streetFromRow(row!);
      }),
    async insertCommittee(db, committee) {
      const row = await db.row<{ id: number }>(
        'INSERT INTO committees (street_id, code, name, boundary) VALUES ($1, $2, $3, $4) RETURNING id',
        [committee.streetId, committee.code, committee.name, geometryParam('boundary', committee.boundary)],
      );
      return { ...committee, id: row!.id };
    },
    async listCommittees(db, filter = {}) {
      const rows = await db.rows('SELECT * FROM committees WHERE ($1::integer IS NULL OR street_id = $1) ORDER BY id', [
        filter.streetId ?? null,
      ]);
      return rows.map(committeeFromRow);
    },
    insertCircle: (db, circle) =>
      db.atomic(async () => {
        const row = await db.row<{ id: number }>(
          'INSERT INTO circles (district_id, code, name, boundary) VALUES ($1, $2, $3, $4) RETURNING id',
          circleParams(circle),
        );
        await writeCircleLinks(db, row!.id, circle.streetIds, circle.committeeIds);
        return (await readCircle(db, row!.id))!;
      }),
    getCircle: readCircle,
    async listCircles(db, filter = {}) {
      const rows =
        filter.streetId === undefined
          ? await db.rows(`${CIRCLE_SELECT} ORDER BY c.id`)
          : await db.rows(
              `${CIRCLE_SELECT} WHERE c.id IN (SELECT circle_id FROM circle_streets WHERE street_id = $1) ORDER BY c.id`,
              [filter.streetId],
            );
      return rows.map(circleFromRow);
    },
    updateCircle: (db, id, patch) =>
      db.atomic(async () => {
        const current = (await db.lockRow('circles', id)) ? await readCircle(db, id) : null;
        if (!current) throw new LifecircleError('NOT_FOUND', { entity: 'circle', id });
        const next = applyPatch(current, patch);
        await db.run('UPDATE circles SET district_id = $1, code = $2, name = $3, boundary = $4 WHERE id = $5', [
          ...circleParams(next),
          id,
        ]);
        if (patch.streetIds || patch.committeeIds) await writeCircleLinks(db, id, next.streetIds, next.committeeIds);
        return (await readCircle(db, id))!;
      }),
  };
}
