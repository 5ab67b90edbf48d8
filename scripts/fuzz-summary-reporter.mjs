// A node:test reporter that prints nothing while tests run and, at the end,
// the number of generated inputs per fuzz target: the diagnostics
// `fuzz <target>: <n> inputs` that the *.fuzz.test.ts files print.
const LINE = /^fuzz (.+): (\d+) inputs$/;

export default async function* fuzzSummaryReporter(source) {
  const counts = new Map();
  for await (const event of source) {
    if (event.type !== 'test:diagnostic') continue;
    const match = LINE.exec(event.data.message);
    if (match) counts.set(match[1], (counts.get(match[1]) ?? 0) + Number(match[2]));
  }
  if (counts.size === 0) return;
  const width = Math.max(...[...counts.keys()].map((target) => target.length));
  let total = 0;
  yield '\nfuzzing: generated inputs per target\n';
  for (const [target, count] of [...counts].sort(([a], [b]) => a.localeCompare(b))) {
    yield `  ${target.padEnd(width)}  ${String(count).padStart(7)}\n`;
    total += count;
  }
  yield `  ${'total'.padEnd(width)}  ${String(total).padStart(7)}\n`;
}
