import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isLifecircleError } from '@lifecircle/shared';
import { jobErrorMessage } from './analysis-queue.js';
import { parseDistrictJobData } from './district-job.js';
import { analysisQueueNames, isAnalysisQueueName, storeLocation } from './store-location.js';

test('reads good job data and names the first bad field of bad data', () => {
  assert.deepEqual(parseDistrictJobData({ store: 'sqlite:/a.db', runId: 3, districtId: null }, 'j'), {
    store: 'sqlite:/a.db',
    runId: 3,
    districtId: null,
  });
  const cases: [unknown, string][] = [
    [null, 'data'],
    [[1], 'data'],
    [{ runId: 3, districtId: 1 }, 'store'],
    [{ store: 'sqlite:/a.db', runId: 'seven', districtId: 1 }, 'runId'],
    [{ store: 'sqlite:/a.db', runId: 0, districtId: 1 }, 'runId'],
    [{ store: 'sqlite:/a.db', runId: 3, districtId: 1.5 }, 'districtId'],
    [{ store: 'sqlite:/a.db', runId: 3 }, 'districtId'],
  ];
  for (const [data, field] of cases) {
    assert.throws(
      () => parseDistrictJobData(data, 'job-7'),
      (error) => isLifecircleError(error, 'JOB_INVALID') && error.details.field === field && error.details.job === 'job-7',
      JSON.stringify(data),
    );
  }
});

test('names a store the same from any folder and keeps credentials out of a PostgreSQL location', () => {
  assert.equal(storeLocation('/srv/data/city.db'), 'sqlite:/srv/data/city.db');
  assert.equal(storeLocation('/srv/data/../data/city.db'), 'sqlite:/srv/data/city.db');
  assert.equal(
    storeLocation('postgres://planner:secret@db.example:6432/city?sslmode=require'),
    'postgres://db.example:6432/city',
  );
  assert.equal(storeLocation('postgresql://db.example/city'), 'postgres://db.example:5432/city');
});

test('gives each store its own readable queue names that differ for different locations', () => {
  const names = [
    'sqlite:/srv/a/city.db',
    'sqlite:/srv/b/city.db',
    'sqlite:/srv/a/城市 数据.db',
    'postgres://db.example:5432/city',
  ].map(analysisQueueNames);
  for (const { jobs, failed } of names) {
    assert.ok(isAnalysisQueueName(jobs) && isAnalysisQueueName(failed), `${jobs} ${failed}`);
    assert.match(jobs, /^[\w.-]+$/);
  }
  assert.match(names[0]!.jobs, /^analysis\.city\.db\.[0-9a-f]{12}$/);
  assert.equal(new Set(names.flatMap((n) => [n.jobs, n.failed])).size, 8);
});

test('reads the error pg-boss kept for a thrown error, an expiry and a shutdown', () => {
  assert.equal(jobErrorMessage({ name: 'LifecircleError', code: 'CONFLICT', message: 'conflict: x' }), 'CONFLICT: conflict: x');
  assert.equal(
    jobErrorMessage({ value: { message: 'job failed by timeout in active state' } }),
    'job failed by timeout in active state',
  );
  assert.equal(jobErrorMessage({ value: 'pg-boss shut down while active' }), 'pg-boss shut down while active');
});
