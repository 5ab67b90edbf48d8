import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tinyApp } from './testing/index.js';

describe('the web app beside the API', () => {
  test('serves the built app at / and its assets, while unknown API paths stay JSON errors', async () => {
    const root = mkdtempSync(join(tmpdir(), 'lifecircle-web-'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>一刻钟便民生活圈</title>');
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
    const { app } = await tinyApp({ webRoot: root });
    const index = await app.inject({ url: '/' });
    assert.equal(index.statusCode, 200);
    assert.match(index.body, /一刻钟便民生活圈/);
    assert.match(String(index.headers['content-type']), /text\/html/);
    const asset = await app.inject({ url: '/assets/app.js' });
    assert.equal(asset.statusCode, 200);
    const unknown = await app.inject({ url: '/api/nothing-here' });
    assert.equal(unknown.statusCode, 404);
    assert.equal((unknown.json() as { error: { code: string } }).error.code, 'NOT_FOUND');
    const escape = await app.inject({ url: '/../package.json' });
    assert.notEqual(escape.statusCode, 200);
    await app.close();
    rmSync(root, { recursive: true, force: true });
  });
});
