import pg from 'pg';
import type { Store } from '../store.js';
import { migratePostgis, openPostgisStore } from '../postgis/open-postgis-store.js';
import type { PostgisStoreOptions } from '../postgis/open-postgis-store.js';

/** A database made for one test on a test server, and how to drop it. */
export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/**
 * Makes empty databases on a real PostgreSQL server (`adminUrl` from
 * `testPostgres()`), one per test: `migrated()` copies a template migrated
 * once per process (CREATE DATABASE … TEMPLATE, much faster than running the
 * migrations again), `empty()` gives a bare one. `dispose()` drops the
 * template; each database is dropped by its own `drop()` (or its store's
 * `close()`).
 */
export class TestDatabases {
  private readonly admin: pg.Pool;
  private template: Promise<string> | undefined;
  private count = 0;

  constructor(readonly adminUrl: string) {
    this.admin = new pg.Pool({ connectionString: adminUrl, max: 2 });
  }

  /** The URL of database `name` on the same server as the admin URL. */
  urlOf(name: string): string {
    const url = new URL(this.adminUrl);
    url.pathname = `/${name}`;
    return url.toString();
  }

  /** A new database with no tables (not even the PostGIS extension). */
  async empty(): Promise<TestDatabase> {
    return this.create('');
  }

  /** A new database with the current schema. */
  async migrated(): Promise<TestDatabase> {
    this.template ??= (async () => {
      const template = await this.create('');
      await migratePostgis(template.url);
      return template.name;
    })();
    return this.create(` TEMPLATE ${await this.template}`);
  }

  /** A PostGIS store on a new migrated database; closing it drops the database. */
  async store(options: PostgisStoreOptions = {}): Promise<Store> {
    const database = await this.migrated();
    const store = await openPostgisStore(database.url, options);
    const close = store.close.bind(store);
    let isDropped = false;
    return Object.assign(store, {
      async close() {
        await close();
        if (isDropped) return;
        isDropped = true;
        await database.drop();
      },
    });
  }

  /** Drops the template and closes the admin connections. */
  async dispose(): Promise<void> {
    if (this.template) await this.admin.query(`DROP DATABASE IF EXISTS ${await this.template} WITH (FORCE)`);
    await this.admin.end();
  }

  private async create(clause: string): Promise<TestDatabase> {
    const name = `lifecircle_test_${process.pid}_${this.count++}`;
    await this.admin.query(`CREATE DATABASE ${name}${clause}`);
    return {
      name,
      url: this.urlOf(name),
      drop: async () => {
        await this.admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      },
    };
  }
}
