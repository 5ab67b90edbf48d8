/** One schema change: applied once, in version order, inside a transaction. */
export interface Migration {
  /** Positive, strictly increasing. */
  version: number;
  name: string;
  sql: string;
  /**
   * Runs with foreign-key enforcement off (SQLite's procedure for rebuilding a
   * table that others reference); the keys are checked before it commits.
   */
  rebuildsTables?: boolean;
}

/** A known migration and whether a database has it (either store). */
export interface MigrationState {
  version: number;
  name: string;
  /** ISO time it was applied; null when pending. */
  appliedAt: string | null;
}

/**
 * The SQLite schema, as numbered migrations. A migration is never edited once
 * it has shipped: change the schema by appending a new one.
 *
 * Conventions: geometry is GeoJSON text; positions are `lng`/`lat` REAL
 * columns; arrays and objects are JSON text; booleans are 0/1; timestamps are
 * ISO 8601 text, which sorts chronologically.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE districts (
  id INTEGER PRIMARY KEY,
  code TEXT,
  name TEXT NOT NULL,
  boundary TEXT
);

CREATE TABLE streets (
  id INTEGER PRIMARY KEY,
  district_id INTEGER NOT NULL REFERENCES districts(id),
  code TEXT,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('subdistrict', 'town')),
  boundary TEXT
);
CREATE INDEX streets_district ON streets(district_id);

CREATE TABLE committees (
  id INTEGER PRIMARY KEY,
  street_id INTEGER NOT NULL REFERENCES streets(id),
  code TEXT,
  name TEXT NOT NULL,
  boundary TEXT
);
CREATE INDEX committees_street ON committees(street_id);

CREATE TABLE circles (
  id INTEGER PRIMARY KEY,
  district_id INTEGER NOT NULL REFERENCES districts(id),
  code TEXT,
  name TEXT NOT NULL,
  boundary TEXT
);

CREATE TABLE circle_streets (
  circle_id INTEGER NOT NULL REFERENCES circles(id) ON DELETE CASCADE,
  street_id INTEGER NOT NULL REFERENCES streets(id),
  PRIMARY KEY (circle_id, street_id)
) WITHOUT ROWID;
CREATE INDEX circle_streets_street ON circle_streets(street_id, circle_id);

CREATE TABLE circle_committees (
  circle_id INTEGER NOT NULL REFERENCES circles(id) ON DELETE CASCADE,
  committee_id INTEGER NOT NULL REFERENCES committees(id),
  PRIMARY KEY (circle_id, committee_id)
) WITHOUT ROWID;
CREATE INDEX circle_committees_committee ON circle_committees(committee_id, circle_id);

CREATE TABLE compounds (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  street_id INTEGER REFERENCES streets(id),
  committee_id INTEGER REFERENCES committees(id),
  circle_id INTEGER REFERENCES circles(id),
  lng REAL NOT NULL,
  lat REAL NOT NULL,
  outline TEXT,
  gates TEXT NOT NULL,
  households INTEGER,
  residents REAL NOT NULL,
  age_0_14 REAL,
  age_15_59 REAL,
  age_60_plus REAL,
  is_estimated INTEGER NOT NULL,
  source TEXT NOT NULL,
  external_id TEXT
);
CREATE INDEX compounds_street ON compounds(street_id);
CREATE INDEX compounds_committee ON compounds(committee_id);
CREATE INDEX compounds_circle ON compounds(circle_id);
CREATE INDEX compounds_lng_lat ON compounds(lng, lat);
-- The domain promises externalId is unique per source when set.
CREATE UNIQUE INDEX compounds_source_external ON compounds(source, external_id) WHERE external_id IS NOT NULL;

CREATE TABLE buildings (
  id INTEGER PRIMARY KEY,
  compound_id INTEGER REFERENCES compounds(id),
  street_id INTEGER REFERENCES streets(id),
  lng REAL NOT NULL,
  lat REAL NOT NULL,
  footprint_m2 REAL NOT NULL,
  levels REAL NOT NULL,
  households INTEGER,
  residents REAL NOT NULL,
  age_0_14 REAL,
  age_15_59 REAL,
  age_60_plus REAL,
  is_estimated INTEGER NOT NULL,
  source TEXT NOT NULL,
  external_id TEXT
);
CREATE INDEX buildings_compound ON buildings(compound_id);
CREATE INDEX buildings_street ON buildings(street_id);

CREATE TABLE merchants (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  contact_name TEXT,
  phone TEXT,
  created_at TEXT NOT NULL
);

CREATE TABLE outlets (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  -- Lower-case pinyin of the name without tones or spaces, and its initials, for keyword search.
  name_pinyin TEXT NOT NULL,
  name_initials TEXT NOT NULL,
  address TEXT,
  lng REAL NOT NULL,
  lat REAL NOT NULL,
  opening_hours TEXT,
  services TEXT NOT NULL,
  phone TEXT,
  status TEXT NOT NULL CHECK (status IN ('pending', 'active', 'closed', 'rejected')),
  reject_reason TEXT,
  source TEXT NOT NULL,
  external_id TEXT,
  last_verified TEXT,
  merchant_id INTEGER REFERENCES merchants(id),
  street_id INTEGER REFERENCES streets(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX outlets_street ON outlets(street_id);
CREATE INDEX outlets_merchant ON outlets(merchant_id);
CREATE INDEX outlets_status ON outlets(status);
CREATE INDEX outlets_source ON outlets(source);

-- position keeps the caller's order of categoryIds.
CREATE TABLE outlet_categories (
  outlet_id INTEGER NOT NULL REFERENCES outlets(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  category_id TEXT NOT NULL,
  PRIMARY KEY (outlet_id, position)
) WITHOUT ROWID;
CREATE INDEX outlet_categories_category ON outlet_categories(category_id, outlet_id);

-- R*Tree over outlet positions (points as degenerate boxes). Its 32-bit
-- floats round outward, so bbox queries re-check the exact lng/lat.
CREATE VIRTUAL TABLE outlet_rtree USING rtree(id, min_lng, max_lng, min_lat, max_lat);

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('commission', 'street_office', 'merchant')),
  street_id INTEGER REFERENCES streets(id),
  merchant_id INTEGER REFERENCES merchants(id),
  password_hash TEXT NOT NULL,
  is_disabled INTEGER NOT NULL,
  must_change_password INTEGER NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX users_street ON users(street_id);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_expires ON sessions(expires_at);

CREATE TABLE reports (
  id INTEGER PRIMARY KEY,
  outlet_id INTEGER NOT NULL REFERENCES outlets(id),
  kind TEXT NOT NULL CHECK (kind IN ('closed', 'wrong_info')),
  message TEXT,
  street_id INTEGER REFERENCES streets(id),
  status TEXT NOT NULL CHECK (status IN ('open', 'resolved')),
  created_at TEXT NOT NULL
);
CREATE INDEX reports_street ON reports(street_id);
CREATE INDEX reports_outlet ON reports(outlet_id);

CREATE TABLE service_requests (
  id INTEGER PRIMARY KEY,
  category_id TEXT,
  need TEXT NOT NULL,
  lng REAL NOT NULL,
  lat REAL NOT NULL,
  message TEXT,
  street_id INTEGER REFERENCES streets(id),
  status TEXT NOT NULL CHECK (status IN ('open', 'resolved')),
  created_at TEXT NOT NULL
);
CREATE INDEX service_requests_street ON service_requests(street_id);

CREATE TABLE surveys (
  id INTEGER PRIMARY KEY,
  title TEXT NOT NULL,
  street_id INTEGER REFERENCES streets(id),
  questions TEXT NOT NULL,
  is_open INTEGER NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE survey_responses (
  id INTEGER PRIMARY KEY,
  survey_id INTEGER NOT NULL REFERENCES surveys(id),
  street_id INTEGER REFERENCES streets(id),
  answers TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX survey_responses_survey ON survey_responses(survey_id, street_id);

CREATE TABLE field_evaluations (
  id INTEGER PRIMARY KEY,
  circle_id INTEGER NOT NULL REFERENCES circles(id),
  street_id INTEGER NOT NULL REFERENCES streets(id),
  user_id INTEGER NOT NULL REFERENCES users(id),
  visited_on TEXT NOT NULL,
  checks TEXT NOT NULL,
  notes TEXT,
  photos TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX field_evaluations_street ON field_evaluations(street_id);
CREATE INDEX field_evaluations_circle ON field_evaluations(circle_id);

CREATE TABLE networks (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  source TEXT NOT NULL,
  num_nodes INTEGER NOT NULL,
  num_edges INTEGER NOT NULL,
  graph BLOB NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE analysis_runs (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed')),
  network_id INTEGER REFERENCES networks(id),
  params TEXT NOT NULL,
  summary TEXT,
  error TEXT,
  started_at TEXT NOT NULL,
  finished_at TEXT
);
CREATE INDEX analysis_runs_started ON analysis_runs(started_at);

CREATE TABLE access_results (
  run_id INTEGER NOT NULL REFERENCES analysis_runs(id),
  compound_id INTEGER NOT NULL REFERENCES compounds(id),
  category_id TEXT NOT NULL,
  walk_m REAL,
  num_within_15 INTEGER NOT NULL,
  PRIMARY KEY (run_id, compound_id, category_id)
) WITHOUT ROWID;
CREATE INDEX access_results_compound ON access_results(compound_id);

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  user_id INTEGER REFERENCES users(id),
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id TEXT,
  before TEXT,
  after TEXT,
  request_id TEXT
);
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);
CREATE INDEX audit_log_user ON audit_log(user_id);
CREATE INDEX audit_log_at ON audit_log(at);

-- The audit log is append-only, even for someone with a SQL shell.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
`,
  },
  {
    version: 2,
    name: 'what-if scenarios',
    sql: `
CREATE TABLE scenarios (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  description TEXT,
  edits TEXT NOT NULL,
  result TEXT,
  user_id INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX scenarios_user ON scenarios (user_id);
`,
  },
  {
    version: 3,
    name: 'field-evaluation photos',
    sql: `
CREATE TABLE evaluation_photos (
  id INTEGER PRIMARY KEY,
  evaluation_id INTEGER NOT NULL REFERENCES field_evaluations(id) ON DELETE CASCADE,
  file_name TEXT NOT NULL,
  media_type TEXT NOT NULL CHECK (media_type IN ('image/jpeg', 'image/png', 'image/webp')),
  size_bytes INTEGER NOT NULL CHECK (size_bytes >= 0),
  bytes BLOB NOT NULL,
  user_id INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL
);
CREATE INDEX evaluation_photos_evaluation ON evaluation_photos (evaluation_id);
`,
  },
  {
    version: 4,
    name: 'interrupted analysis runs; audit entries cannot be replaced',
    rebuildsTables: true,
    sql: `
-- A run whose process died is marked interrupted at the next start (then resumed): widen the CHECK,
-- which SQLite can only do by rebuilding the table (https://sqlite.org/lang_altertable.html#otheralter).
CREATE TABLE analysis_runs_new (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed', 'interrupted')),
  network_id INTEGER REFERENCES networks(id),
  params TEXT NOT NULL,
  summary TEXT,
  error TEXT,
  started_at TEXT NOT NULL,
  finished_at TEXT
);
INSERT INTO analysis_runs_new (id, kind, status, network_id, params, summary, error, started_at, finished_at)
  SELECT id, kind, status, network_id, params, summary, error, started_at, finished_at FROM analysis_runs;
DROP TABLE analysis_runs;
ALTER TABLE analysis_runs_new RENAME TO analysis_runs;
CREATE INDEX analysis_runs_started ON analysis_runs(started_at);

-- INSERT OR REPLACE deletes the old row without firing DELETE triggers (recursive_triggers is off), so an
-- entry could be rewritten in place: refuse any insert whose id is taken.
CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log
WHEN EXISTS (SELECT 1 FROM audit_log WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
`,
  },
  {
    version: 5,
    name: 'keyword index of outlets',
    sql: `
-- The character bigrams of each outlet's name, address, pinyin and initials (keyword-grams.ts), one FTS5 row per
-- outlet with rowid = outlets.id: the keyword search looks up the outlets holding every bigram of the keyword, then
-- applies its LIKE test to those alone. Contentless (the bigrams are not stored twice), detail=none (only which
-- outlets hold a bigram), contentless_delete=1 so a row can be deleted by rowid. The store writes the rows itself.
CREATE VIRTUAL TABLE outlet_search USING fts5(grams, content='', contentless_delete=1, detail=none, tokenize='ascii');
INSERT INTO outlet_search (rowid, grams)
  SELECT id, lifecircle_outlet_search_text(name, address, name_pinyin, name_initials) FROM outlets;
-- Deletes come from any connection (the store has no outlet delete): the index follows them here.
CREATE TRIGGER outlets_search_delete AFTER DELETE ON outlets
BEGIN DELETE FROM outlet_search WHERE rowid = OLD.id; END;
`,
  },
];
