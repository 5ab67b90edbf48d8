import type { AnalysisOperations } from '../operation-groups.js';
import { LifecircleError } from '@lifecircle/shared';
import type { AnalysisRun } from '@lifecircle/shared';
import { applyPatch } from '../row-values.js';
import { bulkInsert } from './bulk-insert.js';
import type { BulkColumn } from './bulk-insert.js';
import type { PgDb, PgOperations, PgRowContext } from './pg-db.js';
import { PgWhere, jsonParam } from './pg-values.js';
import { postgisRecords } from './postgis-records.js';

const { accessResultFromRow, networkFromRow, runFromRow } = postgisRecords;

function runValues(run: Omit<AnalysisRun, 'id'>): unknown[] {
  return [
    run.kind,
    run.status,
    run.networkId,
    JSON.stringify(run.params),
    jsonParam(run.summary),
    run.error,
    run.startedAt,
    run.finishedAt,
  ];
}
const RUN_COLUMNS = 'kind, status, network_id, params, summary, error, started_at, finished_at';

const ACCESS_COLUMNS: readonly BulkColumn[] = [
  { name: 'run_id', type: 'integer' },
  { name: 'compound_id', type: 'integer' },
  { name: 'category_id', type: 'text' },
  { name: 'walk_m', type: 'double precision' },
  { name: 'num_within_15', type: 'integer' },
];

async function readRun(db: PgDb, id: number): Promise<AnalysisRun | null> {
  const row = await db.row('SELECT * FROM analysis_runs WHERE id = $1', [id]);
  return row ? runFromRow(row) : null;
}

/** Walking networks (graph bytes as bytea), analysis runs and their access results. */
export function analysisRows(context: PgRowContext): Pick<PgOperations, AnalysisOperations> {
  return {
    async insertNetwork(db, network, graph) {
      const row = await db.row(
        `INSERT INTO networks (name, source, num_nodes, num_edges, graph, created_at) VALUES ($1, $2, $3, $4, $5, $6)
         RETURNING id, name, source, num_nodes, num_edges, created_at`,
        [
          network.name,
          network.source,
          network.numNodes,
          network.numEdges,
          Buffer.from(graph.buffer, graph.byteOffset, graph.byteLength),
          context.now(),
        ],
      );
      return networkFromRow(row!);
    },
    async getLatestNetwork(db) {
      const row = await db.row('SELECT * FROM networks ORDER BY id DESC LIMIT 1');
      if (!row) return null;
      // A plain Uint8Array, as the SQLite store returns, not the driver's Buffer.
      return { info: networkFromRow(row), graph: new Uint8Array(row.graph as Buffer) };
    },
    async insertAnalysisRun(db, run) {
      const row = await db.row(
        `INSERT INTO analysis_runs (${RUN_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
        runValues(run),
      );
      return runFromRow(row!);
    },
    getAnalysisRun: readRun,
    async listAnalysisRuns(db, filter = {}) {
      const where = new PgWhere();
      where.equals('status', filter.status);
      const limit = filter.limit === undefined ? '' : `LIMIT ${where.param(filter.limit)}`;
      const rows = await db.rows(`SELECT * FROM analysis_runs ${where} ORDER BY started_at DESC, id DESC ${limit}`, where.params);
      return rows.map(runFromRow);
    },
    updateAnalysisRun: (db, id, patch) =>
      db.atomic(async () => {
        const current = (await db.lockRow('analysis_runs', id)) ? await readRun(db, id) : null;
        if (!current) throw new LifecircleError('NOT_FOUND', { entity: 'analysis run', id });
        const row = await db.row(
          `UPDATE analysis_runs SET (${RUN_COLUMNS}) = ($1, $2, $3, $4, $5, $6, $7, $8) WHERE id = $9 RETURNING *`,
          [...runValues(applyPatch(current, patch)), id],
        );
        return runFromRow(row!);
      }),
    insertAccessResults: (db, results) =>
      db.atomic(async () => {
        const columns = ACCESS_COLUMNS.map(() => new Array<unknown>(results.length));
        for (let i = 0; i < results.length; i++) {
          const r = results[i]!;
          columns[0]![i] = r.runId;
          columns[1]![i] = r.compoundId;
          columns[2]![i] = r.categoryId;
          columns[3]![i] = r.walkM;
          columns[4]![i] = r.numWithin15;
        }
        await bulkInsert(db, 'access_results', ACCESS_COLUMNS, columns);
      }),
    async listAccessResults(db, filter) {
      const where = new PgWhere();
      where.equals('run_id', filter.runId);
      where.equals('compound_id', filter.compoundId);
      where.equals('category_id', filter.categoryId);
      const rows = await db.rows(`SELECT * FROM access_results ${where} ORDER BY run_id, compound_id, category_id`, where.params);
      return rows.map(accessResultFromRow);
    },
  };
}
