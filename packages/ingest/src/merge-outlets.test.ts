import { test } from 'node:test';
import assert from 'node:assert/strict';
import { haversineM, seededRng, type Rng } from '@lifecircle/shared';
import { bigramDice, isSameOutlet, isSimilarName, normaliseName, planOutletMerge, type MergeItem } from './merge-outlets.js';

test('normaliseName drops bracketed branches, spaces and punctuation, and folds width and case', () => {
  assert.equal(normaliseName('联华超市（长寿路店）'), '联华超市');
  assert.equal(normaliseName('Ｍａｎｎｅｒ Coffee(长寿路店)'), 'mannercoffee');
  assert.equal(normaliseName('7-ELEVEn【便利】 '), '7eleven');
});

test('names are similar when equal, when one contains the other, or when bigram Dice ≥ 0.5', () => {
  assert.equal(bigramDice('联华超市', '华润超市'), 2 / 6);
  assert.equal(bigramDice('罗森便利店', '罗森便利'), 6 / 7);
  assert.ok(isSimilarName('联华超市', '世纪联华超市'));
  assert.ok(isSimilarName('好德便利', '好德便利店'));
  assert.ok(isSimilarName('罗森便利店', '罗森便利'));
  assert.ok(!isSimilarName('联华超市', '华润超市'));
  assert.ok(!isSimilarName('店', '联华店'));
  assert.ok(!isSimilarName('', ''));
});

/** The definition written as an O(n·m) scan over every pair, in the same file order. */
function bruteForcePlan(
  existing: MergeItem[],
  incoming: MergeItem[],
  radiusM: number,
): { matchOf: number[]; duplicateOf: number[] } {
  const name = (item: MergeItem): string => normaliseName(item.name);
  const matchOf: number[] = [];
  const duplicateOf: number[] = [];
  const claimed = new Set<number>();
  incoming.forEach((item, i) => {
    let first = -1;
    for (let j = 0; j < i; j++) {
      if (duplicateOf[j] === -1 && isSameOutlet(item, name(item), incoming[j]!, name(incoming[j]!), radiusM)) {
        first = j;
        break;
      }
    }
    duplicateOf.push(first);
    if (first >= 0) {
      matchOf.push(-1);
      return;
    }
    let best = -1;
    let bestM = Infinity;
    existing.forEach((other, k) => {
      if (claimed.has(k) || !isSameOutlet(item, name(item), other, name(other), radiusM)) return;
      const distanceM = haversineM(item.location[0], item.location[1], other.location[0], other.location[1]);
      if (distanceM < bestM) {
        best = k;
        bestM = distanceM;
      }
    });
    if (best >= 0) claimed.add(best);
    matchOf.push(best);
  });
  return { matchOf, duplicateOf };
}

const NAMES = [
  '联华超市',
  '世纪联华超市',
  '华润超市',
  '全家便利店',
  '全家',
  '罗森便利',
  '罗森便利店(长寿路店)',
  '好德便利',
  '早餐店',
  '大饼油条',
];
const CATEGORIES = ['a', 'b', 'c'];

function randomItems(rng: Rng, count: number): MergeItem[] {
  // About 400 m × 400 m in Putuo, so many pairs fall within 30 m.
  return Array.from({ length: count }, () => ({
    name: NAMES[Math.floor(rng() * NAMES.length)]!,
    categoryIds: rng() < 0.2 ? ['a', 'b'] : [CATEGORIES[Math.floor(rng() * CATEGORIES.length)]!],
    location: [121.42 + rng() * 0.004, 31.24 + rng() * 0.0036] as const,
  }));
}

test('planOutletMerge agrees with a brute-force scan of every pair on seeded random data', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    const rng = seededRng(seed);
    const existing = randomItems(rng, 300);
    const incoming = randomItems(rng, 300);
    const plan = planOutletMerge(existing, incoming, 30);
    const reference = bruteForcePlan(existing, incoming, 30);
    assert.deepEqual([...plan.duplicateOf], reference.duplicateOf, `seed ${seed}: duplicates differ`);
    assert.deepEqual([...plan.matchOf], reference.matchOf, `seed ${seed}: matches differ`);
    const numMatched = reference.matchOf.filter((k) => k >= 0).length;
    const numDuplicates = reference.duplicateOf.filter((j) => j >= 0).length;
    assert.ok(
      numMatched > 20 && numDuplicates > 20,
      `seed ${seed}: the data must exercise both (${numMatched}, ${numDuplicates})`,
    );
  }
});

test('a hand-worked case: same shop 12 m away updates, different category or 40 m away does not', () => {
  const metresNorth = (m: number): number => 31.24 + m / 111_195;
  const existing: MergeItem[] = [
    { name: '联华超市(长寿路店)', categoryIds: ['comprehensive_supermarket'], location: [121.44, 31.24] },
    { name: '全家', categoryIds: ['convenience_store'], location: [121.44, metresNorth(100)] },
  ];
  const incoming: MergeItem[] = [
    { name: '世纪联华超市', categoryIds: ['comprehensive_supermarket', 'fresh_grocery'], location: [121.44, metresNorth(12)] },
    { name: '全家', categoryIds: ['bakery_cake'], location: [121.44, metresNorth(100)] },
    { name: '全家便利店', categoryIds: ['convenience_store'], location: [121.44, metresNorth(140)] },
    { name: '联华超市', categoryIds: ['comprehensive_supermarket'], location: [121.44, metresNorth(5)] },
  ];
  const plan = planOutletMerge(existing, incoming);
  assert.deepEqual([...plan.matchOf], [0, -1, -1, -1]);
  assert.deepEqual([...plan.duplicateOf], [-1, -1, -1, 0]);
});

test('empty inputs give empty plans', () => {
  assert.equal(planOutletMerge([], []).matchOf.length, 0);
  assert.deepEqual([...planOutletMerge([], randomItems(seededRng(9), 3)).matchOf].length, 3);
});
