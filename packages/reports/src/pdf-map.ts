import { fitLocalProjection, formatLengthM, niceScaleLengthM, type LocalProjection, type PageBox } from './local-projection.js';
import { INK, textLine, type Pdf } from './pdf-document.js';
import type { CircleMap, ReportLngLat, ReportTier } from './report-data.js';
import { coverageColour } from './report-format.js';

/** Dot colours of outlets by tier; an outlet of a format the report does not list is grey. */
export const OUTLET_COLOURS: Record<ReportTier | 'other', string> = { basic: '#08519c', quality: '#6a3d9a', other: '#555555' };

const BOUNDARY_COLOUR = '#1f1f1f';
const STREET_COLOUR = '#c8c8c8';
const NO_RING_SIDE_PT = 6;
const OUTLET_RADIUS_PT = 1.8;

/**
 * Draws the circle's map as vector graphics inside `area`: streets, compounds
 * coloured by coverage (red → green), the boundary, outlets as dots coloured
 * by tier, a scale bar and a north arrow, and the legend in a strip of
 * MAP_LEGEND_HEIGHT points at the bottom of `area`. The
 * projection is local equirectangular, north up (see fitLocalProjection).
 */
export function drawCircleMap(doc: Pdf, map: CircleMap, area: PageBox, tierOf: (categoryId: string) => ReportTier | null): void {
  const box: PageBox = { ...area, height: area.height - MAP_LEGEND_HEIGHT };
  const projection = fitLocalProjection(mapPoints(map), box, 14);
  doc.save();
  doc.rect(box.x, box.y, box.width, box.height).fill('#f7f7f4');
  doc.rect(box.x, box.y, box.width, box.height).clip();

  doc.lineWidth(0.6).strokeColor(STREET_COLOUR).lineJoin('round').lineCap('round');
  for (const line of map.streets ?? []) {
    if (tracePath(doc, projection, line, false)) doc.stroke();
  }

  for (const compound of map.compounds) {
    const colour = coverageColour(compound.coverage);
    if (compound.ring && compound.ring.length >= 3) {
      tracePath(doc, projection, compound.ring, true);
    } else {
      const [x, y] = projection.project(compound.point[0], compound.point[1]);
      doc.rect(x - NO_RING_SIDE_PT / 2, y - NO_RING_SIDE_PT / 2, NO_RING_SIDE_PT, NO_RING_SIDE_PT);
    }
    doc.lineWidth(0.4).fillOpacity(0.85).fillAndStroke(colour, '#555555');
  }
  doc.fillOpacity(1);

  doc.lineWidth(1.6).strokeColor(BOUNDARY_COLOUR).dash(5, { space: 2.5 });
  for (const ring of map.boundary ?? []) {
    if (tracePath(doc, projection, ring, true)) doc.stroke();
  }
  doc.undash();

  doc.lineWidth(0.3).strokeColor('#ffffff');
  for (const outlet of map.outlets) {
    const [x, y] = projection.project(outlet.point[0], outlet.point[1]);
    doc.circle(x, y, OUTLET_RADIUS_PT).fillAndStroke(OUTLET_COLOURS[tierOf(outlet.categoryId) ?? 'other'], '#ffffff');
  }
  doc.restore();

  doc.rect(box.x, box.y, box.width, box.height).lineWidth(0.8).strokeColor(INK.frame).stroke();
  drawLegend(doc, box);
  drawScaleBar(doc, box, projection);
  drawNorthArrow(doc, box);
}

function* mapPoints(map: CircleMap): Iterable<ReportLngLat> {
  for (const ring of map.boundary ?? []) yield* ring;
  for (const compound of map.compounds) {
    if (compound.ring) yield* compound.ring;
    else yield compound.point;
  }
  // Outlets widen the view only when there is no boundary to frame the circle.
  if (!map.boundary || map.boundary.length === 0) for (const outlet of map.outlets) yield outlet.point;
}

/** Adds the projected line (closed when asked) to the current path; false when it has fewer than two points. */
function tracePath(doc: Pdf, projection: LocalProjection, points: readonly ReportLngLat[], closed: boolean): boolean {
  if (points.length < 2) return false;
  points.forEach(([lng, lat], i) => {
    const [x, y] = projection.project(lng, lat);
    if (i === 0) doc.moveTo(x, y);
    else doc.lineTo(x, y);
  });
  if (closed) doc.closePath();
  return true;
}

/** Height of the legend strip under the map frame. */
export const MAP_LEGEND_HEIGHT = 26;

/** The legend as one strip under the frame, so it never hides a compound. */
function drawLegend(doc: Pdf, frame: PageBox): void {
  const y = frame.y + frame.height + 5;
  let x = frame.x;
  textLine(doc, '小区覆盖率', x, y, { width: 50, size: 7, bold: true });
  x += 48;
  // A stepped ramp reads the same in every viewer, unlike a shading pattern.
  const rampWidth = 110;
  const steps = 20;
  for (let i = 0; i < steps; i++) {
    doc.rect(x + (i * rampWidth) / steps, y + 1, rampWidth / steps + 0.2, 7).fill(coverageColour((i + 0.5) / steps));
  }
  for (const [share, label] of [
    [0, '0%'],
    [0.5, '50%'],
    [1, '100%'],
  ] as const) {
    textLine(doc, label, x + share * rampWidth - 15, y + 9, { width: 30, size: 6, colour: INK.muted, align: 'center' });
  }
  x += rampWidth + 24;
  const symbols: [string, (cx: number, cy: number) => void][] = [
    ['基本保障类网点', (cx, cy) => doc.circle(cx, cy, 2.2).fill(OUTLET_COLOURS.basic)],
    ['品质提升类网点', (cx, cy) => doc.circle(cx, cy, 2.2).fill(OUTLET_COLOURS.quality)],
    [
      '生活圈边界',
      (cx, cy) => {
        doc
          .moveTo(cx - 6, cy)
          .lineTo(cx + 6, cy)
          .lineWidth(1.6)
          .strokeColor(BOUNDARY_COLOUR)
          .dash(5, { space: 2.5 })
          .stroke()
          .undash();
      },
    ],
    [
      '道路',
      (cx, cy) =>
        doc
          .moveTo(cx - 6, cy)
          .lineTo(cx + 6, cy)
          .lineWidth(1)
          .strokeColor(STREET_COLOUR)
          .stroke(),
    ],
  ];
  for (const [label, symbol] of symbols) {
    symbol(x + 6, y + 4.5);
    textLine(doc, label, x + 15, y, { width: 70, size: 7 });
    x += 15 + doc.widthOfString(label) + 14;
  }
}

function drawScaleBar(doc: Pdf, box: PageBox, projection: LocalProjection): void {
  const lengthM = niceScaleLengthM(box.width * 0.25 * projection.metresPerPoint);
  if (lengthM === 0) return;
  const lengthPt = lengthM / projection.metresPerPoint;
  const right = box.x + box.width - 12;
  const y = box.y + box.height - 16;
  const left = right - lengthPt;
  doc.save();
  doc
    .rect(left - 6, y - 14, lengthPt + 12, 24)
    .fillOpacity(0.9)
    .fill('#ffffff');
  doc.restore();
  doc
    .rect(left, y, lengthPt / 2, 4)
    .fill('#222222')
    .rect(left + lengthPt / 2, y, lengthPt / 2, 4)
    .fill('#ffffff')
    .rect(left, y, lengthPt, 4)
    .lineWidth(0.6)
    .strokeColor('#222222')
    .stroke();
  textLine(doc, '0', left - 10, y - 11, { width: 20, size: 6.5, align: 'center' });
  textLine(doc, formatLengthM(lengthM), right - 40, y - 11, { width: 44, size: 6.5, align: 'right' });
}

function drawNorthArrow(doc: Pdf, box: PageBox): void {
  const cx = box.x + box.width - 20;
  const top = box.y + 10;
  doc.polygon([cx, top], [cx + 6, top + 18], [cx, top + 14], [cx - 6, top + 18]).fill('#222222');
  textLine(doc, 'N', cx - 10, top + 19, { width: 20, size: 8, bold: true, align: 'center' });
}
