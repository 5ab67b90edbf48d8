// The web app under the server's security headers: the Content-Security-Policy is really sent with the app,
// the browser enforces it (an injected inline script does not run), and the map still draws without a violation.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { BASE_URL, launch, newPage, skipReason, waitForMapDrawn } from './helpers.mjs';

const reason = skipReason();
let session;
before(async () => {
  if (reason === null) session = await launch();
});
after(async () => session?.close());

test('the app is served under the CSP, which the browser enforces while the map draws', { skip: reason ?? false }, async () => {
  const index = await fetch(`${BASE_URL}/`);
  const csp = index.headers.get('content-security-policy') ?? '';
  assert.match(csp, /script-src 'self'(;|$)/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.equal(index.headers.get('x-content-type-options'), 'nosniff');

  const { page, errors } = await newPage(session.browser, { viewport: { width: 1280, height: 800 } });
  const violations = [];
  await page.exposeFunction('reportViolation', (directive) => violations.push(directive));
  await page.addInitScript(
    `document.addEventListener('securitypolicyviolation', (event) => window.reportViolation(event.violatedDirective));`,
  );
  await page.goto(`${BASE_URL}/#/`);
  assert.ok((await waitForMapDrawn(page, '#map')) >= 3, 'the map draws under the CSP (its workers come from blob: URLs)');
  assert.deepEqual(violations, [], 'the app itself violates nothing');

  // What an injected script would try: the browser refuses it and reports the violation.
  await page.evaluate(`(() => {
    const script = document.createElement('script');
    script.textContent = 'window.injected = true';
    document.body.append(script);
  })()`);
  assert.equal(await page.evaluate('window.injected === true'), false, 'an inline script does not run');
  await page.waitForTimeout(200);
  assert.ok(violations.includes('script-src-elem') || violations.includes('script-src'), `reported: ${violations}`);
  // The violation above was provoked on purpose; nothing else went wrong.
  assert.deepEqual(
    errors.filter((error) => !/inline script|script-src/i.test(error)),
    [],
  );
});
