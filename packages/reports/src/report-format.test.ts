import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { coverageBand, coverageColour, formatPercent, tierMeanCoverage } from './report-format.js';
import type { AreaSummary, CategoryFigures } from './report-data.js';

describe('coverageColour', () => {
  it('runs red → yellow → green through the three ColorBrewer stops and clamps outside 0..1', () => {
    assert.equal(coverageColour(0), '#d73027');
    assert.equal(coverageColour(0.5), '#fee08b');
    assert.equal(coverageColour(1), '#1a9850');
    // Halfway between red (215,48,39) and yellow (254,224,139): (234.5,136,89) rounds to (235,136,89).
    assert.equal(coverageColour(0.25), '#eb8859');
    assert.equal(coverageColour(-1), '#d73027');
    assert.equal(coverageColour(2), '#1a9850');
    assert.equal(coverageColour(Number.NaN), '#d73027');
  });
});

describe('coverageBand', () => {
  it('is green from the target, amber for the 20 points below it, red below that, boundaries included', () => {
    assert.equal(coverageBand(0.9, 0.9), 'green');
    assert.equal(coverageBand(0.8999, 0.9), 'amber');
    assert.equal(coverageBand(0.7, 0.9), 'amber');
    assert.equal(coverageBand(0.6999, 0.9), 'red');
    assert.equal(coverageBand(0.5, 0.7), 'amber');
  });
});

describe('formatPercent', () => {
  it('prints one decimal and a dash for a missing share', () => {
    assert.equal(formatPercent(0.8346), '83.5%');
    assert.equal(formatPercent(1), '100.0%');
    assert.equal(formatPercent(null), '—');
  });
});

describe('tierMeanCoverage', () => {
  it('averages the evaluated formats of the tier, each once', () => {
    const category = (tier: 'basic' | 'quality', coverageShare: number | null): CategoryFigures => ({
      id: 'x',
      nameZh: 'x',
      tier,
      targetMinutes: 10,
      coverageShare,
      elderlyCoverageShare: null,
      outletsPer10k: 0,
      numOutlets: 0,
    });
    const area: AreaSummary = {
      name: 'a',
      residents: 1,
      households: 1,
      share60plus: 0,
      share0to14: 0,
      grade: null,
      gradeReasons: [],
      categories: [category('basic', 1), category('basic', 0.5), category('basic', null), category('quality', 0.2)],
    };
    assert.equal(tierMeanCoverage(area, 'basic'), 0.75);
    assert.equal(tierMeanCoverage(area, 'quality'), 0.2);
    assert.equal(tierMeanCoverage({ ...area, categories: [] }, 'basic'), null);
  });
});
