// Shared helpers of the browser tests: the browser, the app's address, screenshots and the blank-canvas check.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';

import { extname, join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
/** Debian's Chromium; the tests skip when it is absent. */
export const CHROMIUM = '/usr/bin/chromium';
/** The built app the tests serve when the server does not serve it itself. */
export const DIST = join(here, '..', 'packages', 'web', 'dist');
/** Where screenshots go (gitignored). */
export const SCREENSHOTS = join(here, 'screenshots');

/** The running server's address and one-time credentials, handed over by run.mjs. */
export const BASE_URL = process.env.E2E_BASE_URL ?? '';
export const CREDENTIALS = JSON.parse(process.env.E2E_CREDENTIALS ?? '{}');
/** A password that passes the server's policy, used for the first-login change. */
export const NEW_PASSWORD = 'E2e-Strong-pass-2026';

const { fetch } = globalThis;

/** Why the browser tests cannot run here, or null when they can. */
export function skipReason() {
  if (!existsSync(CHROMIUM)) return `${CHROMIUM} is absent (apt-get install chromium)`;
  if (BASE_URL === '') return 'E2E_BASE_URL is not set: run the tests with node e2e/run.mjs';
  return null;
}

/**
 * Launches Chromium headless. Playwright gives a non-persistent browser a fresh temporary profile
 * (--user-data-dir) of its own and refuses one passed in the arguments.
 */
export async function launch() {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // WebGL in software: without a GPU, Chromium needs SwiftShader allowed explicitly.
      '--enable-unsafe-swiftshader',
      '--use-angle=swiftshader',
    ],
  });
  return {
    browser,
    async close() {
      await browser.close();
    },
  };
}

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
};

let servesApp;
/** Whether the server itself serves the app at `/` (the lead's static serving); otherwise the tests serve dist. */
async function serverServesApp() {
  if (servesApp === undefined) {
    const response = await fetch(`${BASE_URL}/`).catch(() => null);
    servesApp = response !== null && response.ok && (response.headers.get('content-type') ?? '').includes('text/html');
  }
  return servesApp;
}

/**
 * A new page in a new context at the app's origin. When the server does not serve the app yet, requests
 * outside `/api` are answered from packages/web/dist, so the app stays same-origin with the API.
 */
export async function newPage(browser, options = {}) {
  const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', ...options });
  if (!(await serverServesApp())) {
    await context.route(`${BASE_URL}/**`, async (route) => {
      const path = new URL(route.request().url()).pathname;
      if (path.startsWith('/api/')) return route.continue();
      const file = join(DIST, path === '/' ? 'index.html' : path);
      if (!file.startsWith(DIST) || !existsSync(file)) return route.fulfill({ status: 404, body: 'not found' });
      return route.fulfill({
        status: 200,
        contentType: MIME[extname(file)] ?? 'application/octet-stream',
        body: readFileSync(file),
      });
    });
  }
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  // The server's Content-Security-Policy must let the app work: any violation the browser reports fails the test.
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) errors.push(`CSP: ${message.text()}`);
  });
  // Offline by design: every request stays on this machine (a configured basemap test serves its tiles here too).
  context.on('request', (request) => {
    const url = new URL(request.url());
    if (/^(https?|wss?):$/.test(url.protocol) && !LOOPBACK.has(url.hostname)) errors.push(`request outside loopback: ${url}`);
  });
  return { context, page, errors };
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * The view of the map in `selector` as Web Mercator worked out here, independently of MapLibre, from what the
 * app records on the map's container (`data-center` as drawn, `data-zoom`; MapLibre's world is 512 px × 2^zoom):
 * world pixels of a position and back, and the canvas's middle on the page.
 */
async function mercatorView(page, selector) {
  const container = page.locator(selector);
  const [centerLng, centerLat] = (await container.getAttribute('data-center')).split(',').map(Number);
  const worldPx = 512 * 2 ** Number(await container.getAttribute('data-zoom'));
  const box = await page.locator(`${selector} canvas`).boundingBox();
  const toWorld = ([lng, lat]) => [
    ((lng + 180) / 360) * worldPx,
    ((1 - Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360)) / Math.PI) / 2) * worldPx,
  ];
  const fromWorld = ([x, y]) => [
    (x / worldPx) * 360 - 180,
    (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / worldPx))) * 180) / Math.PI,
  ];
  return { center: toWorld([centerLng, centerLat]), middle: [box.x + box.width / 2, box.y + box.height / 2], toWorld, fromWorld };
}

/** Where a position (in the coordinates the map is drawn in) is drawn on the map in `selector`, in page pixels. */
export async function mapPixel(page, selector, position) {
  const { center, middle, toWorld } = await mercatorView(page, selector);
  const [x, y] = toWorld(position);
  return { x: middle[0] + x - center[0], y: middle[1] + y - center[1] };
}

/** The inverse of {@link mapPixel}: the position (as drawn) under a page pixel of the map in `selector`. */
export async function mapPosition(page, selector, pixel) {
  const { center, middle, fromWorld } = await mercatorView(page, selector);
  return fromWorld([center[0] + pixel.x - middle[0], center[1] + pixel.y - middle[1]]);
}

/** Metres per CSS pixel of the map in `selector` at its latitude and zoom. */
export async function metresPerPixel(page, selector) {
  const container = page.locator(selector);
  const lat = Number((await container.getAttribute('data-center')).split(',')[1]);
  const zoom = Number(await container.getAttribute('data-zoom'));
  return (40075016.7 * Math.cos((lat * Math.PI) / 180)) / (512 * 2 ** zoom);
}

/** Waits until the map in `selector` has finished moving to a view whose zoom is at least `minZoom`. */
export async function waitForView(page, selector, minZoom = 0) {
  await page.waitForFunction(
    ([sel, min]) => {
      const element = document.querySelector(sel);
      return element !== null && element.dataset.center !== undefined && Number(element.dataset.zoom) >= min;
    },
    [selector, minZoom],
  );
}

/** Metres between two nearby [lng, lat] positions (equirectangular: exact enough below a few kilometres). */
export function metresBetween(a, b) {
  const radLat = (((a[1] + b[1]) / 2) * Math.PI) / 180;
  const dx = ((b[0] - a[0]) * Math.PI * 6371008.8 * Math.cos(radLat)) / 180;
  const dy = ((b[1] - a[1]) * Math.PI * 6371008.8) / 180;
  return Math.hypot(dx, dy);
}

/** Saves a screenshot of the whole page under e2e/screenshots/NAME.png and returns its path. */
export async function screenshot(page, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Counts the distinct colours of the map canvas (a sample of pixels); 1 means a blank map. */
export async function canvasColours(page, selector) {
  return page.evaluate(`(() => {
    const canvas = document.querySelector(${JSON.stringify(selector)} + ' canvas.maplibregl-canvas');
    if (!canvas) return 0;
    const copy = document.createElement('canvas');
    copy.width = canvas.width;
    copy.height = canvas.height;
    const context = copy.getContext('2d');
    context.drawImage(canvas, 0, 0);
    const data = context.getImageData(0, 0, copy.width, copy.height).data;
    const colours = new Set();
    for (let i = 0; i < data.length; i += 4 * 97) colours.add(data[i] + ',' + data[i + 1] + ',' + data[i + 2] + ',' + data[i + 3]);
    return colours.size;
  })()`);
}

/** Waits (up to 20 s) until the map in `selector` has drawn more than its background; returns the colour count. */
export async function waitForMapDrawn(page, selector, minColours = 3) {
  const deadline = Date.now() + 20_000;
  let colours = 0;
  while (Date.now() < deadline) {
    colours = await canvasColours(page, selector);
    if (colours >= minColours) return colours;
    await page.waitForTimeout(250);
  }
  return colours;
}

/** Signs in through the app's form and makes the required first password change. */
export async function signInWithChange(page, username, password) {
  await page.locator('#login-form input[name=username]').fill(username);
  await page.locator('#login-form input[name=password]').fill(password);
  await page.locator('#login-form button[type=submit]').click();
  await page.locator('#password-form input[name=newPassword]').fill(NEW_PASSWORD);
  await page.locator('#password-form button[type=submit]').click();
}

/** GET of the API as JSON (the test's own oracle calls). */
export async function apiGet(path, token) {
  const response = await fetch(`${BASE_URL}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

/** POST of JSON to the API. */
export async function apiPost(path, body, token) {
  const response = await fetch(`${BASE_URL}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
  return response.status === 204 ? null : response.json();
}

/** Today's date in China (UTC+8), as the app computes it for `openAt`. */
export function chinaToday() {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** Signs in through the app's form with the password set at the first login ({@link NEW_PASSWORD}). */
export async function signInAgain(page, username) {
  await page.locator('#login-form input[name=username]').fill(username);
  await page.locator('#login-form input[name=password]').fill(NEW_PASSWORD);
  await page.locator('#login-form button[type=submit]').click();
}

/** The token of each demo account signed in by {@link accountToken} in this file's process. */
const accountTokens = new Map();

/**
 * A bearer token of a demo account (`commission`, `street_office`, `merchant`), making its one-time password
 * change through the API when no earlier test has made it (so a test file runs alone or in any order); from
 * then on the password is {@link NEW_PASSWORD}. Signed in once per file: the server allows 10 sign-ins a
 * minute, and the browser tests run one file after another within that.
 */
export function accountToken(role) {
  if (!accountTokens.has(role)) accountTokens.set(role, signInAccount(role));
  return accountTokens.get(role);
}

async function signInAccount(role) {
  const { username, password } = CREDENTIALS[role];
  const first = await fetch(`${BASE_URL}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!first.ok) return (await apiPost('/api/auth/login', { username, password: NEW_PASSWORD })).token;
  const { token } = await first.json();
  await apiPost('/api/auth/password', { oldPassword: password, newPassword: NEW_PASSWORD }, token);
  return token;
}

/** Ray casting: whether [lng, lat] lies inside the outer ring of a polygon. */
export function insideRing(point, ring) {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > point[1] !== yj > point[1] && point[0] < ((xj - xi) * (point[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** A point inside 曹杨新村街道, whose office the demo user caoyang runs: the middle of its bounds. */
export async function caoyangMiddle() {
  const { streets } = await apiGet('/api/streets');
  const street = streets.find((candidate) => candidate.name === '曹杨新村街道');
  assert.ok(street?.boundary, 'the demo district has 曹杨新村街道 with a boundary');
  const ring = street.boundary.type === 'Polygon' ? street.boundary.coordinates[0] : street.boundary.coordinates[0][0];
  const lngs = ring.map((position) => position[0]);
  const lats = ring.map((position) => position[1]);
  const location = [
    Math.round(((Math.min(...lngs) + Math.max(...lngs)) / 2) * 1e6) / 1e6,
    Math.round(((Math.min(...lats) + Math.max(...lats)) / 2) * 1e6) / 1e6,
  ];
  assert.ok(insideRing(location, ring), 'the middle of the street’s bounds lies inside it');
  return location;
}

/**
 * Waits (up to `timeoutMs`) until a JavaScript expression is true in the page. Playwright's waitForFunction
 * polls a string predicate through eval inside the page, which the app's Content-Security-Policy (no
 * 'unsafe-eval') refuses; page.evaluate runs through the DevTools protocol, which the CSP does not govern.
 */
export async function waitForCondition(page, expression, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await page.evaluate(`Boolean(${expression})`).catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${expression}`);
    await page.waitForTimeout(100);
  }
}
