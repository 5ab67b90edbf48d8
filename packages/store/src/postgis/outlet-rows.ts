import type { OutletOperations } from '../operation-groups.js';
import { LifecircleError } from '@lifecircle/shared';
import type { Outlet } from '@lifecircle/shared';
import type { OutletFilter } from '../store.js';
import { compactLower, namePinyin } from '../name-pinyin.js';
import type { NamePinyin } from '../name-pinyin.js';
import { applyPatch, escapeLike } from '../row-values.js';
import { allocateIds, bulkInsert, toColumns } from './bulk-insert.js';
import type { BulkColumn } from './bulk-insert.js';
import type { PgDb, PgOperations, PgRowContext } from './pg-db.js';
import { PgWhere, pointParam } from './pg-values.js';
import { postgisRecords } from './postgis-records.js';

const { merchantFromRow, outletFromRow } = postgisRecords;

const OUTLET_COLUMNS: readonly BulkColumn[] = [
  { name: 'id', type: 'integer' },
  { name: 'name', type: 'text' },
  { name: 'name_pinyin', type: 'text' },
  { name: 'name_initials', type: 'text' },
  { name: 'address', type: 'text' },
  { name: 'location', type: 'geometry' },
  { name: 'opening_hours', type: 'text' },
  { name: 'services', type: 'json' },
  { name: 'phone', type: 'text' },
  { name: 'status', type: 'text' },
  { name: 'reject_reason', type: 'text' },
  { name: 'source', type: 'text' },
  { name: 'external_id', type: 'text' },
  { name: 'last_verified', type: 'text' },
  { name: 'merchant_id', type: 'integer' },
  { name: 'street_id', type: 'integer' },
  { name: 'created_at', type: 'text' },
  { name: 'updated_at', type: 'text' },
];

const CATEGORY_COLUMNS: readonly BulkColumn[] = [
  { name: 'outlet_id', type: 'integer' },
  { name: 'position', type: 'integer' },
  { name: 'category_id', type: 'text' },
];

/** An outlet's values in OUTLET_COLUMNS order. */
function outletValues(id: number, o: Omit<Outlet, 'id'>, spelling: NamePinyin, index?: number): unknown[] {
  return [
    id,
    o.name,
    spelling.full,
    spelling.initials,
    o.address,
    pointParam('location', o.location, index),
    o.openingHours,
    JSON.stringify(o.services),
    o.phone,
    o.status,
    o.rejectReason,
    o.source,
    o.externalId,
    o.lastVerified,
    o.merchantId,
    o.streetId,
    o.createdAt,
    o.updatedAt,
  ];
}
// Categories come back in the caller's order, in the same query.
const OUTLET_FIELDS = `SELECT o.*,
  ARRAY(SELECT category_id FROM outlet_categories WHERE outlet_id = o.id ORDER BY position) AS category_ids`;
const OUTLET_SELECT = `${OUTLET_FIELDS} FROM outlets o`;

/**
 * How many outlets, in id order, a page of a keyword search first looks
 * through with the LIKE test alone. When they hold the whole page, it is the
 * answer (the page's matches are the first in id order); otherwise the index
 * finds the matches. A common keyword fills its page within a few hundred
 * outlets, while the GIN bitmap of its bigrams covers every candidate, and
 * PostgreSQL's planner cannot tell the two cases apart: it multiplies the
 * selectivities of the bigrams and of the LIKE test as if independent and
 * underestimates common keywords.
 */
export const KEYWORD_HEAD_ROWS = 2000;

/**
 * The head walk pays where its 2,000 outlets are a small share of the table and a common keyword's index
 * bitmap is large. On a district's few thousand outlets the index answers any keyword in a fraction of a
 * millisecond, while the walk of a keyword that does not fill its page first reads 2,000 rows for nothing
 * (1.8 ms of the database's time on the demo district, where the load test's searches cost it 1.8 ms each).
 * So the walk runs from this many outlets, as the planner estimates them (`pg_class.reltuples`, read at most
 * every ESTIMATE_TTL_MS), and while the table has never been analysed (a bulk load just committed).
 */
export const KEYWORD_HEAD_WALK_MIN_OUTLETS = 20_000;
const ESTIMATE_TTL_MS = 30_000;

/** The largest value of PostgreSQL's `integer`, the type of every id column. */
const PG_INTEGER_MAX = 2_147_483_647;

/** How a keyword is looked for: through the bigram index (the default) or by the LIKE scan alone (benchmarks' baseline). */
export interface KeywordOptions {
  useSearchIndex?: boolean;
  /** Only the first this many outlets in id order (the head of a paged keyword search). */
  headRows?: number;
}

/** The expression of the GIN index of migration 5: an outlet's bigrams. */
const OUTLET_GRAMS = 'outlet_search_grams(o.name, o.address, o.name_pinyin, o.name_initials)';

/** The WHERE clause of an outlet filter (without limit and offset). */
function outletWhere(filter: OutletFilter, options: KeywordOptions = {}): PgWhere {
  const where = new PgWhere();
  // An empty list matches nothing, as `status IN ()` would.
  if (filter.status) where.add(`o.status = ANY(${where.param(filter.status)}::text[])`);
  if (filter.categoryId !== undefined) {
    where.add(`o.id IN (SELECT outlet_id FROM outlet_categories WHERE category_id = ${where.param(filter.categoryId)})`);
  }
  if (filter.keyword !== undefined) {
    // Surrounding spaces are typing noise, not part of what is searched for.
    const keyword = filter.keyword.trim();
    const compactKeyword = compactLower(keyword);
    const text = where.param(`%${escapeLike(keyword)}%`);
    const compact = where.param(`%${escapeLike(compactKeyword)}%`);
    where.add(
      `(o.name ILIKE ${text} ESCAPE '\\' OR o.address ILIKE ${text} ESCAPE '\\'
        OR o.name_pinyin LIKE ${compact} ESCAPE '\\' OR o.name_initials LIKE ${compact} ESCAPE '\\')`,
    );
    // The GIN index narrows the outlets the LIKEs test to those holding every bigram of the keyword as ILIKE
    // compares it (the server's lower()) or every bigram of its compact form (the pinyin columns). A keyword of
    // one character has no bigram: it is scanned.
    if (options.useSearchIndex !== false && Array.from(keyword).length >= 2 && Array.from(compactKeyword).length >= 2) {
      where.add(
        `(${OUTLET_GRAMS} @> outlet_search_grams(${where.param(keyword)}, NULL, NULL, NULL)
          OR ${OUTLET_GRAMS} @> outlet_search_grams(NULL, NULL, ${where.param(compactKeyword)}, NULL))`,
      );
    }
  }
  if (filter.bbox) where.bbox('o.location', filter.bbox);
  where.equals('o.street_id', filter.streetId);
  where.equals('o.merchant_id', filter.merchantId);
  where.equals('o.source', filter.source);
  return where;
}

/** The SQL and parameters `listOutlets` runs for `filter` (exported for the plan tests and benchmarks). */
export function outletListQuery(filter: OutletFilter, options: KeywordOptions = {}): { text: string; params: unknown[] } {
  const where = outletWhere(filter, options);
  let paging = '';
  if (filter.limit !== undefined || filter.offset !== undefined) {
    paging = `LIMIT ${where.param(filter.limit ?? null)} OFFSET ${where.param(filter.offset ?? 0)}`;
  }
  const from =
    options.headRows === undefined
      ? OUTLET_SELECT
      : `${OUTLET_FIELDS} FROM (SELECT * FROM outlets ORDER BY id LIMIT ${where.param(options.headRows)}) o`;
  return { text: `${from} ${where} ORDER BY o.id ${paging}`, params: where.params };
}

/** The SQL and parameters `countOutlets` runs for `filter`. */
export function outletCountQuery(filter: OutletFilter, options: KeywordOptions = {}): { text: string; params: unknown[] } {
  const where = outletWhere(filter, options);
  return { text: `SELECT count(*)::integer AS n FROM outlets o ${where}`, params: where.params };
}

async function readOutlet(db: PgDb, id: number): Promise<Outlet | null> {
  const row = await db.row(`${OUTLET_SELECT} WHERE o.id = $1`, [id]);
  return row ? outletFromRow(row) : null;
}

/** Outlets (with categories, pinyin, the GiST-indexed location and the keyword index) and merchants. */
export function outletRows(context: PgRowContext): Pick<PgOperations, OutletOperations> {
  const estimate = { outlets: -1, readAt: Number.NEGATIVE_INFINITY };
  const walksHead = async (db: PgDb): Promise<boolean> => {
    const min = context.keywordHeadWalkMinOutlets;
    if (min <= 0) return true;
    if (min === Number.POSITIVE_INFINITY) return false;
    if (Date.now() - estimate.readAt > ESTIMATE_TTL_MS) {
      const row = await db.row<{ n: number }>(`SELECT reltuples::float8 AS n FROM pg_class WHERE oid = 'outlets'::regclass`);
      estimate.outlets = row?.n ?? -1;
      estimate.readAt = Date.now();
    }
    // -1: never analysed (PostgreSQL 14 and later), so the size is unknown: walk, as for a large table.
    return estimate.outlets < 0 || estimate.outlets >= min;
  };
  return {
    insertOutlets: (db, items) =>
      db.atomic(async () => {
        const now = context.now();
        const ids = await allocateIds(db, 'outlets', items.length);
        // Chains repeat names: compute each name's pinyin once per batch.
        const spellings = new Map<string, NamePinyin>();
        const rows: unknown[][] = new Array(items.length);
        const categories: unknown[][] = [];
        for (let index = 0; index < items.length; index++) {
          const item = items[index]!;
          let spelling = spellings.get(item.name);
          if (!spelling) spellings.set(item.name, (spelling = namePinyin(item.name)));
          rows[index] = outletValues(ids[index]!, { ...item, createdAt: now, updatedAt: now }, spelling, index);
          item.categoryIds.forEach((categoryId, position) => categories.push([ids[index], position, categoryId]));
        }
        await bulkInsert(db, 'outlets', OUTLET_COLUMNS, toColumns(OUTLET_COLUMNS.length, rows));
        await bulkInsert(db, 'outlet_categories', CATEGORY_COLUMNS, toColumns(CATEGORY_COLUMNS.length, categories));
        return ids;
      }),
    getOutlet: readOutlet,
    async getOutlets(db, ids) {
      if (ids.length === 0) return [];
      // Ids are an integer column: a number outside it cannot be an outlet's and would fail the cast, so it is a miss.
      const wanted = [...new Set(ids)].filter((id) => Number.isInteger(id) && Math.abs(id) <= PG_INTEGER_MAX);
      const rows = wanted.length === 0 ? [] : await db.rows(`${OUTLET_SELECT} WHERE o.id = ANY($1::int[])`, [wanted]);
      const byId = new Map<number, Outlet>();
      for (const row of rows) {
        const outlet = outletFromRow(row);
        byId.set(outlet.id, outlet);
      }
      return ids.map((id) => byId.get(id) ?? null);
    },
    async listOutlets(db, filter = {}) {
      const isKeywordPage =
        filter.keyword !== undefined && filter.limit !== undefined && filter.limit > 0 && (filter.offset ?? 0) >= 0;
      if (isKeywordPage && (await walksHead(db))) {
        const head = outletListQuery(filter, { useSearchIndex: false, headRows: KEYWORD_HEAD_ROWS });
        const rows = await db.rows(head.text, head.params);
        if (rows.length === filter.limit) return rows.map(outletFromRow);
      }
      const { text, params } = outletListQuery(filter);
      return (await db.rows(text, params)).map(outletFromRow);
    },
    async countOutlets(db, filter = {}) {
      const { text, params } = outletCountQuery(filter);
      return (await db.row<{ n: number }>(text, params))!.n;
    },
    updateOutlet: (db, id, patch) =>
      db.atomic(async () => {
        const current = (await db.lockRow('outlets', id)) ? await readOutlet(db, id) : null;
        if (!current) throw new LifecircleError('NOT_FOUND', { entity: 'outlet', id });
        const next = applyPatch(current, { ...patch, updatedAt: context.now() });
        const values = outletValues(id, next, namePinyin(next.name));
        const assignments = OUTLET_COLUMNS.slice(1).map((c, i) => `${c.name} = $${i + 2}`);
        await db.run(`UPDATE outlets SET ${assignments.join(', ')} WHERE id = $1`, values);
        if (patch.categoryIds) {
          await db.run('DELETE FROM outlet_categories WHERE outlet_id = $1', [id]);
          await db.run(
            'INSERT INTO outlet_categories (outlet_id, position, category_id) SELECT $1, position - 1, category_id FROM unnest($2::text[]) WITH ORDINALITY AS c(category_id, position)',
            [id, next.categoryIds],
          );
        }
        return (await readOutlet(db, id))!;
      }),
    async insertMerchant(db, merchant) {
      const row = await db.row(
        'INSERT INTO merchants (name, contact_name, phone, created_at) VALUES ($1, $2, $3, $4) RETURNING *',
        [merchant.name, merchant.contactName, merchant.phone, context.now()],
      );
      return merchantFromRow(row!);
    },
    async getMerchant(db, id) {
      const row = await db.row('SELECT * FROM merchants WHERE id = $1', [id]);
      return row ? merchantFromRow(row) : null;
    },
  };
}
