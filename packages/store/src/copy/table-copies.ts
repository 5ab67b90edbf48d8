import { createHash } from 'node:crypto';
import type { AreaGeometry, LngLat } from '@lifecircle/shared';
import type { DbRow } from '../record-mappers.js';
import { fromJson } from '../row-values.js';
import type { BulkColumn } from '../postgis/bulk-insert.js';
import { postgisRecords } from '../postgis/postgis-records.js';
import { geometryParam } from '../postgis/pg-values.js';
import { sqliteRecords } from '../sqlite/sqlite-records.js';

/** A PostgreSQL column of a copied table and how its value comes from the SQLite row. */
export interface CopyColumn extends BulkColumn {
  from(row: DbRow): unknown;
}

/**
 * How one table copies from the SQLite schema to the PostGIS one (same
 * table and column names; positions and areas become geometries), and the
 * canonical form of a row on either side that the copy's digest compares.
 */
export interface TableCopy {
  table: string;
  /** The primary key, for a stable order on both sides. */
  key: string[];
  /** True when `id` is an identity column whose sequence must move past the copied ids. */
  hasIdentity: boolean;
  columns: CopyColumn[];
  fromSqlite(row: DbRow): unknown;
  fromPostgis(row: DbRow): unknown;
}

const same = (name: string, type: BulkColumn['type']): CopyColumn => ({ name, type, from: (r) => r[name] });
const integer = (name: string) => same(name, 'integer');
const real = (name: string) => same(name, 'double precision');
const text = (name: string) => same(name, 'text');
const flag = (name: string): CopyColumn => ({ name, type: 'boolean', from: (r) => r[name] === 1 });
// SQLite keeps a null object as the JSON text `null`; PostgreSQL keeps SQL NULL.
const json = (name: string): CopyColumn => ({ name, type: 'json', from: (r) => (r[name] === 'null' ? null : r[name]) });
const area = (name: string): CopyColumn => ({
  name,
  type: 'geometry',
  from: (r) => geometryParam(name, fromJson<AreaGeometry | null>(r[name])),
});
const location: CopyColumn = {
  name: 'location',
  type: 'geometry',
  from: (r) => geometryParam('location', { type: 'Point', coordinates: [r.lng as number, r.lat as number] }),
};
const gates: CopyColumn = {
  name: 'gates',
  type: 'geometry',
  from: (r) => geometryParam('gates', { type: 'MultiPoint', coordinates: fromJson<LngLat[]>(r.gates) }),
};
const bytes = (name: string): CopyColumn => ({ name, type: 'bytea', from: (r) => r[name] });

/** The row's values of `columns` as they are (integers and text read alike from both drivers). */
const plain =
  (columns: CopyColumn[]) =>
  (row: DbRow): unknown =>
    columns.map((c) => row[c.name]);

const population = [
  integer('households'),
  real('residents'),
  real('age_0_14'),
  real('age_15_59'),
  real('age_60_plus'),
  flag('is_estimated'),
  text('source'),
  text('external_id'),
];

/** A table with an integer identity `id`, its rows compared through the stores' own record mappers. */
function withIds(table: string, columns: CopyColumn[], sqlite: (r: DbRow) => unknown, postgis: (r: DbRow) => unknown): TableCopy {
  return {
    table,
    key: ['id'],
    hasIdentity: true,
    columns: [integer('id'), ...columns],
    fromSqlite: sqlite,
    fromPostgis: postgis,
  };
}

/** A table keyed by other columns, compared value by value. */
function keyed(table: string, key: string[], columns: CopyColumn[]): TableCopy {
  return { table, key, hasIdentity: false, columns, fromSqlite: plain(columns), fromPostgis: plain(columns) };
}

const s = sqliteRecords;
const p = postgisRecords;
// Circle links and outlet categories are their own tables here; the records are compared without them.
const noLinks = { street_ids: [], committee_ids: [], category_ids: [] };
const noLinksText = { street_ids: '[]', committee_ids: '[]', category_ids: '[]' };
const bytesDigest = (value: unknown) =>
  createHash('sha256')
    .update(value as Buffer)
    .digest('hex');
const graphDigest = (r: DbRow) => bytesDigest(r.graph);
// A photo's record columns as both drivers read them (integers and text alike); its bytes compare by digest.
const plainPhoto = (r: DbRow) => [r.id, r.evaluation_id, r.file_name, r.media_type, r.size_bytes, r.user_id, r.created_at];

/** Every table of the schema, parents before children. */
export const TABLE_COPIES: readonly TableCopy[] = [
  keyed('settings', ['key'], [text('key'), text('value')]),
  withIds('districts', [text('code'), text('name'), area('boundary')], s.districtFromRow, p.districtFromRow),
  withIds(
    'streets',
    [integer('district_id'), text('code'), text('name'), text('kind'), area('boundary')],
    s.streetFromRow,
    p.streetFromRow,
  ),
  withIds(
    'committees',
    [integer('street_id'), text('code'), text('name'), area('boundary')],
    s.committeeFromRow,
    p.committeeFromRow,
  ),
  withIds(
    'circles',
    [integer('district_id'), text('code'), text('name'), area('boundary')],
    (r) => s.circleFromRow({ ...r, ...noLinksText }),
    (r) => p.circleFromRow({ ...r, ...noLinks }),
  ),
  keyed('circle_streets', ['circle_id', 'street_id'], [integer('circle_id'), integer('street_id')]),
  keyed('circle_committees', ['circle_id', 'committee_id'], [integer('circle_id'), integer('committee_id')]),
  withIds(
    'compounds',
    [
      text('name'),
      integer('street_id'),
      integer('committee_id'),
      integer('circle_id'),
      location,
      area('outline'),
      gates,
      ...population,
    ],
    s.compoundFromRow,
    p.compoundFromRow,
  ),
  withIds(
    'buildings',
    [integer('compound_id'), integer('street_id'), location, real('footprint_m2'), real('levels'), ...population],
    s.buildingFromRow,
    p.buildingFromRow,
  ),
  withIds(
    'merchants',
    [text('name'), text('contact_name'), text('phone'), text('created_at')],
    s.merchantFromRow,
    p.merchantFromRow,
  ),
  withIds(
    'outlets',
    [
      text('name'),
      text('name_pinyin'),
      text('name_initials'),
      text('address'),
      location,
      text('opening_hours'),
      json('services'),
      text('phone'),
      text('status'),
      text('reject_reason'),
      text('source'),
      text('external_id'),
      text('last_verified'),
      integer('merchant_id'),
      integer('street_id'),
      text('created_at'),
      text('updated_at'),
    ],
    // The pinyin columns are the store's own; the records leave them out, so they are compared here.
    (r) => [s.outletFromRow({ ...r, ...noLinksText }), r.name_pinyin, r.name_initials],
    (r) => [p.outletFromRow({ ...r, ...noLinks }), r.name_pinyin, r.name_initials],
  ),
  keyed('outlet_categories', ['outlet_id', 'position'], [integer('outlet_id'), integer('position'), text('category_id')]),
  withIds(
    'users',
    [
      text('username'),
      text('display_name'),
      text('role'),
      integer('street_id'),
      integer('merchant_id'),
      text('password_hash'),
      flag('is_disabled'),
      flag('must_change_password'),
      text('created_at'),
    ],
    s.userFromRow,
    p.userFromRow,
  ),
  keyed('sessions', ['token_hash'], [text('token_hash'), integer('user_id'), text('created_at'), text('expires_at')]),
  withIds(
    'reports',
    [integer('outlet_id'), text('kind'), text('message'), integer('street_id'), text('status'), text('created_at')],
    s.reportFromRow,
    p.reportFromRow,
  ),
  withIds(
    'service_requests',
    [text('category_id'), text('need'), location, text('message'), integer('street_id'), text('status'), text('created_at')],
    s.serviceRequestFromRow,
    p.serviceRequestFromRow,
  ),
  withIds(
    'surveys',
    [text('title'), integer('street_id'), json('questions'), flag('is_open'), text('created_at')],
    s.surveyFromRow,
    p.surveyFromRow,
  ),
  withIds(
    'survey_responses',
    [integer('survey_id'), integer('street_id'), json('answers'), text('created_at')],
    s.surveyResponseFromRow,
    p.surveyResponseFromRow,
  ),
  withIds(
    'field_evaluations',
    [
      integer('circle_id'),
      integer('street_id'),
      integer('user_id'),
      text('visited_on'),
      json('checks'),
      text('notes'),
      json('photos'),
      text('created_at'),
    ],
    s.fieldEvaluationFromRow,
    p.fieldEvaluationFromRow,
  ),
  withIds(
    'evaluation_photos',
    [
      integer('evaluation_id'),
      text('file_name'),
      text('media_type'),
      integer('size_bytes'),
      bytes('bytes'),
      integer('user_id'),
      text('created_at'),
    ],
    (r) => [plainPhoto(r), bytesDigest(r.bytes)],
    (r) => [plainPhoto(r), bytesDigest(r.bytes)],
  ),
  withIds(
    'networks',
    [text('name'), text('source'), integer('num_nodes'), integer('num_edges'), bytes('graph'), text('created_at')],
    (r) => [s.networkFromRow(r), graphDigest(r)],
    (r) => [p.networkFromRow(r), graphDigest(r)],
  ),
  withIds(
    'analysis_runs',
    [
      text('kind'),
      text('status'),
      integer('network_id'),
      json('params'),
      json('summary'),
      text('error'),
      text('started_at'),
      text('finished_at'),
    ],
    s.runFromRow,
    p.runFromRow,
  ),
  {
    table: 'access_results',
    key: ['run_id', 'compound_id', 'category_id'],
    hasIdentity: false,
    columns: [integer('run_id'), integer('compound_id'), text('category_id'), real('walk_m'), integer('num_within_15')],
    fromSqlite: s.accessResultFromRow,
    fromPostgis: p.accessResultFromRow,
  },
  withIds(
    'audit_log',
    [
      text('at'),
      integer('user_id'),
      text('action'),
      text('entity'),
      text('entity_id'),
      json('before'),
      json('after'),
      text('request_id'),
    ],
    s.auditFromRow,
    p.auditFromRow,
  ),
  withIds(
    'scenarios',
    [
      text('name'),
      text('description'),
      json('edits'),
      json('result'),
      integer('user_id'),
      text('created_at'),
      text('updated_at'),
    ],
    s.scenarioFromRow,
    p.scenarioFromRow,
  ),
];
