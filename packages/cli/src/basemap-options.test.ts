import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isLifecircleError } from '@lifecircle/shared';
import { basemapFromOptions } from './basemap-options.js';

const usage = (pattern: RegExp) => (error: unknown) =>
  isLifecircleError(error, 'USAGE') && pattern.test(String(error.details.reason));

test('no basemap URL means no basemap', () => {
  assert.equal(basemapFromOptions({}), null);
  assert.equal(basemapFromOptions({ url: '  ' }), null);
});

test('an Amap template with subdomains becomes one URL per subdomain, in GCJ-02', () => {
  const url = 'https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}';
  assert.deepEqual(basemapFromOptions({ url, crs: 'gcj02', subdomains: '1, 2,3', attribution: '© 高德地图' }), {
    tiles: [1, 2, 3].map((n) => url.replace('{s}', String(n))),
    crs: 'gcj02',
    attribution: '© 高德地图',
    maxZoom: 18,
  });
});

test('a WGS-84 template keeps its URL; the attribution defaults to the tile host', () => {
  assert.deepEqual(basemapFromOptions({ url: 'http://127.0.0.1:9000/{z}/{x}/{y}.png', maxZoom: '19' }), {
    tiles: ['http://127.0.0.1:9000/{z}/{x}/{y}.png'],
    crs: 'wgs84',
    attribution: '127.0.0.1',
    maxZoom: 19,
  });
});

test('bad settings are usage errors naming the option', () => {
  assert.throws(() => basemapFromOptions({ url: 'ftp://tiles/{z}/{x}/{y}' }), usage(/http or https/));
  assert.throws(() => basemapFromOptions({ url: 'https://tiles.example.com/{z}/{x}.png' }), usage(/needs \{y\}/));
  assert.throws(() => basemapFromOptions({ url: 'not a url {z}{x}{y}' }), usage(/not a URL/));
  assert.throws(() => basemapFromOptions({ url: 'https://t{s}.example.com/{z}/{x}/{y}' }), usage(/--basemap-subdomains/));
  assert.throws(() => basemapFromOptions({ url: 'https://t.example.com/{z}/{x}/{y}', crs: 'bd09' }), usage(/--basemap-crs/));
  assert.throws(() => basemapFromOptions({ url: 'https://t.example.com/{z}/{x}/{y}', maxZoom: '30' }), usage(/max-zoom/));
  assert.throws(() => basemapFromOptions({ crs: 'gcj02' }), usage(/need --basemap-url/));
});
