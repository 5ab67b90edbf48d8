// Accessibility checks with axe-core, injected into the page under test (no request leaves the machine).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const AXE_SCRIPT = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
/** The rules of WCAG 2.1 A and AA, and axe's best practices. */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

/**
 * Runs axe-core on the page as it is and fails on any 'serious' or 'critical' violation, naming the rule and
 * the first elements it found. Returns axe's results (lesser findings included) for the caller to log.
 */
export async function assertNoSeriousViolations(page, screen) {
  // Through evaluate (the DevTools protocol), not a script tag: the app's Content-Security-Policy refuses inline scripts.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(`${readFileSync(AXE_SCRIPT, 'utf8')}\n;undefined`);
  const results = await page.evaluate(
    (tags) => axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    TAGS,
  );
  const serious = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes
          .slice(0, 3)
          .map((node) => node.target.join(' '))
          .join(' | ')}`,
    );
  assert.deepEqual(serious, [], `${screen}: axe-core finds serious or critical violations`);
  return results;
}
