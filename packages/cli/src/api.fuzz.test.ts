import { sqliteFixtureStore } from './testing/platform-app.js';
import { describeApiFuzz } from './testing/api-fuzz.js';

// Property-based fuzzing of the HTTP API on a SQLite file (testing/api-fuzz.ts says what is checked).
describeApiFuzz(sqliteFixtureStore);
