import type { AnalysisOperations } from '../operation-groups.js';
import { LifecircleError } from '@lifecircle/shared';
import type { AccessResult, AnalysisRun } from '@lifecircle/shared';
import type { RowContext, SyncTx } from './sync-tx.js';
import { WhereClause, applyPatch, statementCache, toJson } from './sync-tx.js';
import { explainForeignKey, tableWriter } from './table-writer.js';
import type { SqlRow } from './table-writer.js';
import { sqliteRecords } from './sqlite-records.js';

type DbRow = Record<string, unknown>;

const { accessResultFromRow, networkFromRow, runFromRow } = sqliteRecords;

function runRow(run: Omit<AnalysisRun, 'id'>): SqlRow {
  return {
    kind: run.kind,
    status: run.status,
    network_id: run.networkId,
    params: JSON.stringify(run.params),
    summary: toJson(run.summary),
    error: run.error,
    started_at: run.startedAt,
    finished_at: run.finishedAt,
  };
}
/** Walking networks (graph bytes as a BLOB), analysis runs and their access results. */
export function analysisRows(context: RowContext): Pick<SyncTx, AnalysisOperations> {
  const { db } = context;
  const networks = tableWriter(db, 'networks', ['name', 'source', 'num_nodes', 'num_edges', 'graph', 'created_at']);
  const runs = tableWriter(db, 'analysis_runs', [
    'kind',
    'status',
    'network_id',
    'params',
    'summary',
    'error',
    'started_at',
    'finished_at',
  ]);
  // Positional parameters: the fastest path for the largest bulk insert.
  const insertAccess = db.prepare(
    'INSERT INTO access_results (run_id, compound_id, category_id, walk_m, num_within_15) VALUES (?, ?, ?, ?, ?)',
  );
  const getNetworkInfo = db.prepare('SELECT id, name, source, num_nodes, num_edges, created_at FROM networks WHERE id = ?');
  const getLatestNetwork = db.prepare('SELECT * FROM networks ORDER BY id DESC LIMIT 1');
  const getRun = db.prepare('SELECT * FROM analysis_runs WHERE id = ?');
  const statement = statementCache(db);

  const readRun = (id: number): AnalysisRun | null => {
    const row = getRun.get(id) as DbRow | undefined;
    return row ? runFromRow(row) : null;
  };

  return {
    insertNetwork(network, graph) {
      const id = networks.insert({
        name: network.name,
        source: network.source,
        num_nodes: network.numNodes,
        num_edges: network.numEdges,
        graph: Buffer.from(graph.buffer, graph.byteOffset, graph.byteLength),
        created_at: context.now(),
      });
      return networkFromRow(getNetworkInfo.get(id) as DbRow);
    },
    getLatestNetwork() {
      const row = getLatestNetwork.get() as DbRow | undefined;
      if (!row) return null;
      // A plain Uint8Array copy: callers may keep it after the statement's Buffer is gone.
      return { info: networkFromRow(row), graph: new Uint8Array(row.graph as Buffer) };
    },
    insertAnalysisRun(run) {
      const id = runs.insert(runRow(run));
      return readRun(id)!;
    },
    getAnalysisRun: readRun,
    listAnalysisRuns(filter = {}) {
      const where = new WhereClause();
      if (filter.status !== undefined) where.add('status = @status', { status: filter.status });
      const limit = filter.limit === undefined ? '' : 'LIMIT @limit';
      if (filter.limit !== undefined) where.params.limit = filter.limit;
      const sql = `SELECT * FROM analysis_runs ${where} ORDER BY started_at DESC, id DESC ${limit}`;
      return (statement(sql).all(where.params) as DbRow[]).map(runFromRow);
    },
    updateAnalysisRun(id, patch) {
      const current = readRun(id);
      if (!current) throw new LifecircleError('NOT_FOUND', { entity: 'analysis run', id });
      runs.update(id, runRow(applyPatch(current, patch)));
      return readRun(id)!;
    },
    insertAccessResults: db.transaction((results: AccessResult[]): void => {
      for (let i = 0; i < results.length; i++) {
        const r = results[i]!;
        try {
          insertAccess.run(r.runId, r.compoundId, r.categoryId, r.walkM, r.numWithin15);
        } catch (error) {
          const row = { run_id: r.runId, compound_id: r.compoundId, category_id: r.categoryId };
          throw explainForeignKey(db, 'access_results', row, error, i);
        }
      }
    }),
    listAccessResults(filter) {
      const where = new WhereClause();
      where.add('run_id = @run_id', { run_id: filter.runId });
      if (filter.compoundId !== undefined) where.add('compound_id = @compound_id', { compound_id: filter.compoundId });
      if (filter.categoryId !== undefined) where.add('category_id = @category_id', { category_id: filter.categoryId });
      const sql = `SELECT * FROM access_results ${where} ORDER BY run_id, compound_id, category_id`;
      return (statement(sql).all(where.params) as DbRow[]).map(accessResultFromRow);
    },
  };
}
