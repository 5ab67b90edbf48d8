import type { OutletOperations } from '../operation-groups.js';
import { LifecircleError } from '@lifecircle/shared';
import type { Outlet } from '@lifecircle/shared';
import type { NewOutlet, OutletFilter } from '../store.js';
import { compactLower, namePinyin } from '../name-pinyin.js';
import type { NamePinyin } from '../name-pinyin.js';
import { keywordMatchQuery, outletSearchText } from '../keyword-grams.js';
import type { RowContext, SyncTx } from './sync-tx.js';
import { WhereClause, applyPatch, escapeLike, statementCache } from './sync-tx.js';
import { tableWriter } from './table-writer.js';
import type { SqlRow, SqlValue } from './table-writer.js';
import { sqliteRecords } from './sqlite-records.js';

type DbRow = Record<string, unknown>;

const { merchantFromRow, outletFromRow } = sqliteRecords;

const OUTLET_COLUMNS = [
  'name',
  'name_pinyin',
  'name_initials',
  'address',
  'lng',
  'lat',
  'opening_hours',
  'services',
  'phone',
  'status',
  'reject_reason',
  'source',
  'external_id',
  'last_verified',
  'merchant_id',
  'street_id',
  'created_at',
  'updated_at',
];

function outletRow(o: Omit<Outlet, 'id'>, spelling: NamePinyin): SqlRow {
  return {
    name: o.name,
    name_pinyin: spelling.full,
    name_initials: spelling.initials,
    address: o.address,
    lng: o.location[0],
    lat: o.location[1],
    opening_hours: o.openingHours,
    services: JSON.stringify(o.services),
    phone: o.phone,
    status: o.status,
    reject_reason: o.rejectReason,
    source: o.source,
    external_id: o.externalId,
    last_verified: o.lastVerified,
    merchant_id: o.merchantId,
    street_id: o.streetId,
    created_at: o.createdAt,
    updated_at: o.updatedAt,
  };
}
// Categories come back in the caller's order, in the same query.
const OUTLET_FIELDS = `SELECT o.*,
  (SELECT json_group_array(category_id) FROM (SELECT category_id FROM outlet_categories WHERE outlet_id = o.id ORDER BY position)) AS category_ids`;
const OUTLET_SELECT = `${OUTLET_FIELDS} FROM outlets o`;
// A keyword search through the index: FTS5 gives the candidates in rowid order, so the outer loop over them (CROSS
// JOIN fixes the order) can stop at a page's last match instead of collecting and sorting every candidate first.
const SEARCHED_OUTLETS = 'outlet_search s CROSS JOIN outlets o ON o.id = s.rowid';

const HAN_CHARACTER = /\p{Script=Han}/u;

/** How a keyword is looked for: through the bigram index (the default) or by the LIKE scan alone (benchmarks' baseline). */
export interface KeywordOptions {
  useSearchIndex?: boolean;
}

/** The WHERE clause of an outlet filter (without limit and offset). */
function outletWhere(filter: OutletFilter, options: KeywordOptions = {}): { where: WhereClause; isSearched: boolean } {
  const where = new WhereClause();
  let isSearched = false;
  if (filter.status) {
    const params = Object.fromEntries(filter.status.map((status, i) => [`status_${i}`, status]));
    // An empty list matches nothing, as `status IN ()` would.
    where.add(filter.status.length ? `o.status IN (${Object.keys(params).map((k) => '@' + k)})` : '0', params);
  }
  if (filter.categoryId !== undefined) {
    where.add('o.id IN (SELECT outlet_id FROM outlet_categories WHERE category_id = @category_id)', {
      category_id: filter.categoryId,
    });
  }
  if (filter.keyword !== undefined) {
    // Surrounding spaces are typing noise, not part of what is searched for.
    const keyword = filter.keyword.trim();
    // Pinyin columns hold no Han characters, so a keyword with one can only match the name or address:
    // skipping their two LIKEs halves the scan of a Chinese search.
    const pinyinClause = HAN_CHARACTER.test(keyword)
      ? ''
      : ` OR o.name_pinyin LIKE @compact_keyword ESCAPE '\\' OR o.name_initials LIKE @compact_keyword ESCAPE '\\'`;
    const compact = compactLower(keyword);
    where.add(`(o.name LIKE @keyword ESCAPE '\\' OR o.address LIKE @keyword ESCAPE '\\'${pinyinClause})`, {
      keyword: `%${escapeLike(keyword)}%`,
      ...(pinyinClause === '' ? {} : { compact_keyword: `%${escapeLike(compact)}%` }),
    });
    // The bigram index narrows the outlets the LIKEs test to those holding every bigram of the keyword (keyword-grams.ts).
    const match = options.useSearchIndex === false ? null : keywordMatchQuery(keyword, pinyinClause === '' ? null : compact);
    if (match !== null) {
      where.add('s.outlet_search MATCH @keyword_grams', { keyword_grams: match });
      isSearched = true;
    }
  }
  if (filter.bbox) {
    const [min_lng, min_lat, max_lng, max_lat] = filter.bbox;
    // The R*Tree's 32-bit boxes are rounded outward: overlap finds every candidate, the exact test decides.
    where.add(
      `o.id IN (SELECT id FROM outlet_rtree WHERE max_lng >= @min_lng AND min_lng <= @max_lng AND max_lat >= @min_lat AND min_lat <= @max_lat)
        AND o.lng BETWEEN @min_lng AND @max_lng AND o.lat BETWEEN @min_lat AND @max_lat`,
      { min_lng, min_lat, max_lng, max_lat },
    );
  }
  if (filter.streetId !== undefined) where.add('o.street_id = @street_id', { street_id: filter.streetId });
  if (filter.merchantId !== undefined) where.add('o.merchant_id = @merchant_id', { merchant_id: filter.merchantId });
  if (filter.source !== undefined) where.add('o.source = @source', { source: filter.source });
  return { where, isSearched };
}

/** The SQL and parameters `listOutlets` runs for `filter` (exported for benchmarks and plan tests). */
export function outletListQuery(
  filter: OutletFilter,
  options: KeywordOptions = {},
): { sql: string; params: Record<string, SqlValue> } {
  const { where, isSearched } = outletWhere(filter, options);
  let paging = '';
  if (filter.limit !== undefined || filter.offset !== undefined) {
    paging = 'LIMIT @limit OFFSET @offset';
    where.params.limit = filter.limit ?? -1;
    where.params.offset = filter.offset ?? 0;
  }
  const from = isSearched ? `${OUTLET_FIELDS} FROM ${SEARCHED_OUTLETS}` : OUTLET_SELECT;
  return { sql: `${from} ${where} ORDER BY ${isSearched ? 's.rowid' : 'o.id'} ${paging}`, params: where.params };
}

/** The SQL and parameters `countOutlets` runs for `filter`. */
export function outletCountQuery(
  filter: OutletFilter,
  options: KeywordOptions = {},
): { sql: string; params: Record<string, SqlValue> } {
  const { where, isSearched } = outletWhere(filter, options);
  return { sql: `SELECT count(*) AS n FROM ${isSearched ? SEARCHED_OUTLETS : 'outlets o'} ${where}`, params: where.params };
}

/** Outlets (with categories, pinyin, the R*Tree and the keyword index) and merchants. */
export function outletRows(context: RowContext): Pick<SyncTx, OutletOperations> {
  const { db } = context;
  const outlets = tableWriter(db, 'outlets', OUTLET_COLUMNS);
  const categories = tableWriter(db, 'outlet_categories', ['outlet_id', 'position', 'category_id']);
  const merchants = tableWriter(db, 'merchants', ['name', 'contact_name', 'phone', 'created_at']);
  const insertRtree = db.prepare('INSERT INTO outlet_rtree (id, min_lng, max_lng, min_lat, max_lat) VALUES (?, ?, ?, ?, ?)');
  const updateRtree = db.prepare('UPDATE outlet_rtree SET min_lng = ?, max_lng = ?, min_lat = ?, max_lat = ? WHERE id = ?');
  const deleteCategories = db.prepare('DELETE FROM outlet_categories WHERE outlet_id = ?');
  const insertSearch = db.prepare('INSERT INTO outlet_search (rowid, grams) VALUES (?, ?)');
  const deleteSearch = db.prepare('DELETE FROM outlet_search WHERE rowid = ?');
  const getOutlet = db.prepare(`${OUTLET_SELECT} WHERE o.id = ?`);
  const getMerchant = db.prepare('SELECT * FROM merchants WHERE id = ?');
  const statement = statementCache(db);

  const readOutlet = (id: number): Outlet | null => {
    const row = getOutlet.get(id) as DbRow | undefined;
    return row ? outletFromRow(row) : null;
  };
  const writeCategories = (outletId: number, categoryIds: readonly string[], index?: number): void => {
    for (let position = 0; position < categoryIds.length; position++) {
      categories.insertValues([outletId, position, categoryIds[position]!], index);
    }
  };

  return {
    insertOutlets: db.transaction((items: NewOutlet[]): number[] => {
      const now = context.now();
      // Chains repeat names: compute each name's pinyin once per batch.
      const spellings = new Map<string, NamePinyin>();
      const ids = new Array<number>(items.length);
      for (let index = 0; index < items.length; index++) {
        const item = items[index]!;
        let spelling = spellings.get(item.name);
        if (!spelling) spellings.set(item.name, (spelling = namePinyin(item.name)));
        const [lng, lat] = item.location;
        // Values in OUTLET_COLUMNS order, without an intermediate row object: this loop is the bulk import's hot path.
        const id = outlets.insertValues(
          [
            item.name,
            spelling.full,
            spelling.initials,
            item.address,
            lng,
            lat,
            item.openingHours,
            JSON.stringify(item.services),
            item.phone,
            item.status,
            item.rejectReason,
            item.source,
            item.externalId,
            item.lastVerified,
            item.merchantId,
            item.streetId,
            now,
            now,
          ],
          index,
        );
        writeCategories(id, item.categoryIds, index);
        insertRtree.run(id, lng, lng, lat, lat);
        // FTS5 gathers a transaction's rows in memory and writes its index once, at the end: the batch is set-based there.
        insertSearch.run(id, outletSearchText(item.name, item.address, spelling.full, spelling.initials));
        ids[index] = id;
      }
      return ids;
    }),
    getOutlet: readOutlet,
    // One prepared statement per id: SQLite answers in-process, so there is no round trip to save.
    getOutlets: (ids) => ids.map(readOutlet),
    listOutlets(filter = {}) {
      const { sql, params } = outletListQuery(filter);
      return (statement(sql).all(params) as DbRow[]).map(outletFromRow);
    },
    countOutlets(filter = {}) {
      const { sql, params } = outletCountQuery(filter);
      return (statement(sql).get(params) as { n: number }).n;
    },
    updateOutlet: db.transaction((id: number, patch: Partial<NewOutlet>): Outlet => {
      const current = readOutlet(id);
      if (!current) throw new LifecircleError('NOT_FOUND', { entity: 'outlet', id });
      const next = applyPatch(current, { ...patch, updatedAt: context.now() });
      const spelling = namePinyin(next.name);
      outlets.update(id, outletRow(next, spelling));
      if (next.name !== current.name || next.address !== current.address) {
        deleteSearch.run(id);
        insertSearch.run(id, outletSearchText(next.name, next.address, spelling.full, spelling.initials));
      }
      if (patch.categoryIds) {
        deleteCategories.run(id);
        writeCategories(id, next.categoryIds);
      }
      const [lng, lat] = next.location;
      updateRtree.run(lng, lng, lat, lat, id);
      return readOutlet(id)!;
    }),
    insertMerchant(merchant) {
      const id = merchants.insert({
        name: merchant.name,
        contact_name: merchant.contactName,
        phone: merchant.phone,
        created_at: context.now(),
      });
      return merchantFromRow(getMerchant.get(id) as DbRow);
    },
    getMerchant(id) {
      const row = getMerchant.get(id) as DbRow | undefined;
      return row ? merchantFromRow(row) : null;
    },
  };
}
