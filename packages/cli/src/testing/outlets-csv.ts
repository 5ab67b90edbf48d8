/** An outlets CSV of `numRows` shops spread over 0.2° × 0.2° of Putuo, with names that never fold together (seeded). */
export function outletsCsv(numRows: number, seed: number, prefix: string): string {
  let state = seed;
  const random = () => (state = (state * 16807) % 2147483647) / 2147483647;
  const lines = ['name,lng,lat,category'];
  for (let k = 0; k < numRows; k++) {
    const category = k % 2 === 0 ? 'convenience_store' : 'breakfast';
    lines.push(`${prefix}${k},${(121.3 + random() * 0.2).toFixed(6)},${(31.15 + random() * 0.2).toFixed(6)},${category}`);
  }
  return `${lines.join('\n')}\n`;
}
