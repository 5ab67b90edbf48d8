import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { EARTH_RADIUS_M } from '@lifecircle/shared';
import { fitLocalProjection } from './local-projection.js';
import { circleReportPdf } from './pdf-report.js';
import type { ReportLngLat } from './report-data.js';
import { inspectPdf } from './testing/pdf-inspect.js';
import { sampleDistrictReport } from './testing/sample-report.js';

// ../shared/data beside the repository; absent on a fresh clone.
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const boundariesFile = join(repoRoot, '..', 'shared', 'data', 'boundaries', 'shanghai-districts-pre2016.geojson');
const skip = existsSync(boundariesFile) ? false : `needs ${boundariesFile} (real district outlines), absent on a fresh clone`;

interface DistrictFeature {
  properties: { name: string };
  geometry: { type: string; coordinates: number[][][] };
}

function outerRing(name: string): ReportLngLat[] {
  const collection = JSON.parse(readFileSync(boundariesFile, 'utf8')) as { features: DistrictFeature[] };
  const feature = collection.features.find((candidate) => candidate.properties.name === name);
  assert.ok(feature && feature.geometry.type === 'Polygon', `${name} is a Polygon`);
  return feature.geometry.coordinates[0]!.map(([lng, lat]) => [lng!, lat!] as const);
}

/** Area on the sphere by the formula of Chamberlain & Duquette (2007, JPL), as turf and d3 use it: an independent reference. */
function sphericalAreaM2(ring: readonly ReportLngLat[]): number {
  const rad = Math.PI / 180;
  let sum = 0;
  for (let i = 0; i < ring.length; i++) {
    const [lng1, lat1] = ring[i]!;
    const [lng2, lat2] = ring[(i + 1) % ring.length]!;
    sum += (lng2 - lng1) * rad * (2 + Math.sin(lat1 * rad) + Math.sin(lat2 * rad));
  }
  return Math.abs((sum * EARTH_RADIUS_M * EARTH_RADIUS_M) / 2);
}

describe('real district outlines', { skip }, () => {
  it('keep their area through the local projection to within 0.5 % (静安区, 黄浦区)', () => {
    for (const name of ['静安区', '黄浦区']) {
      const ring = outerRing(name);
      const projection = fitLocalProjection(ring, { x: 0, y: 0, width: 500, height: 500 }, 10);
      let twiceArea = 0;
      ring.forEach(([lng, lat], i) => {
        const [x1, y1] = projection.project(lng, lat);
        const [x2, y2] = projection.project(...ring[(i + 1) % ring.length]!);
        twiceArea += x1 * y2 - x2 * y1;
      });
      const projectedM2 = (Math.abs(twiceArea) / 2) * projection.metresPerPoint ** 2;
      const referenceM2 = sphericalAreaM2(ring);
      assert.ok(Math.abs(projectedM2 - referenceM2) <= 0.005 * referenceM2, `${name}: ${projectedM2} vs ${referenceM2} m²`);
    }
  });

  it('draw as a circle boundary in a two-page circle PDF', async () => {
    const report = sampleDistrictReport(1);
    const circle = report.circles[0]!;
    circle.map = { boundary: [outerRing('静安区')], compounds: [], outlets: [] };
    assert.equal(inspectPdf(await circleReportPdf(report, circle.id)).numPages, 2);
  });
});
