import { INK, textLine, type Pdf } from './pdf-document.js';
import type { CategoryFigures, CoverageTargets, ReportTier } from './report-data.js';
import { BAND_COLOURS, TIER_LABELS, coverageBand, formatPercent } from './report-format.js';

const ROW_PT = 11;
const GROUP_HEADER_PT = 16;
const AXIS_PT = 14;
const LEGEND_PT = 14;
const LABEL_WIDTH = 165;
const VALUE_WIDTH = 40;

const TIERS: readonly ReportTier[] = ['basic', 'quality'];

/** The height in points the chart of these formats takes (its own layout, for page planning). */
export function coverageChartHeight(categories: readonly CategoryFigures[]): number {
  let height = AXIS_PT + LEGEND_PT;
  for (const tier of TIERS) {
    const count = categories.filter((category) => category.tier === tier).length;
    if (count > 0) height += GROUP_HEADER_PT + count * ROW_PT;
  }
  return height;
}

/**
 * Draws a horizontal bar chart of coverage per format at (x, y), `width`
 * wide: basic and quality formats in two groups, each bar coloured by its
 * band against the tier's target, a dashed target line per group, a tick for
 * the 60+ residents' coverage, and the value at the bar's end. Formats not
 * evaluated show "未评估". Returns the y below the chart.
 */
export function drawCoverageChart(
  doc: Pdf,
  categories: readonly CategoryFigures[],
  targets: CoverageTargets,
  x: number,
  y: number,
  width: number,
): number {
  const barX = x + LABEL_WIDTH;
  const barWidth = width - LABEL_WIDTH - VALUE_WIDTH;
  const chartTop = y;
  const chartBottom = y + coverageChartHeight(categories) - LEGEND_PT;

  // Axis: 0–100 % with light grid lines through the whole chart.
  for (let tick = 0; tick <= 4; tick++) {
    const tickX = barX + (tick / 4) * barWidth;
    textLine(doc, `${tick * 25}%`, tickX - 15, y, { width: 30, size: 6.5, colour: INK.muted, align: 'center' });
    doc
      .moveTo(tickX, chartTop + AXIS_PT - 2)
      .lineTo(tickX, chartBottom)
      .lineWidth(0.4)
      .strokeColor('#e0e0e0')
      .stroke();
  }
  y += AXIS_PT;

  for (const tier of TIERS) {
    const rows = categories.filter((category) => category.tier === tier);
    if (rows.length === 0) continue;
    const target = targets[tier];
    textLine(doc, `${TIER_LABELS[tier]}（目标覆盖率 ${formatPercent(target)}）`, x, y + 3, { width, size: 8, bold: true });
    y += GROUP_HEADER_PT;
    const groupTop = y;
    for (const category of rows) {
      const minutes = category.targetMinutes === null ? '' : `（${category.targetMinutes} 分钟）`;
      textLine(doc, `${category.nameZh}${minutes}`, x, y + 1.5, { width: LABEL_WIDTH - 6, size: 7 });
      const share = category.coverageShare;
      if (share === null) {
        textLine(doc, '未评估', barX + 2, y + 1.5, { width: 60, size: 7, colour: INK.muted });
      } else {
        const length = Math.max(0, Math.min(1, share)) * barWidth;
        doc
          .rect(barX, y + 2, length, ROW_PT - 4)
          .fill(`#${BAND_COLOURS[coverageBand(share, target)]}`)
          .rect(barX, y + 2, length, ROW_PT - 4)
          .lineWidth(0.3)
          .strokeColor('#777777')
          .stroke();
        textLine(doc, formatPercent(share), barX + barWidth + 3, y + 1.5, { width: VALUE_WIDTH - 3, size: 7 });
      }
      const elderly = category.elderlyCoverageShare;
      if (elderly !== null) {
        const tickX = barX + Math.max(0, Math.min(1, elderly)) * barWidth;
        doc
          .moveTo(tickX, y + 1)
          .lineTo(tickX, y + ROW_PT - 1)
          .lineWidth(1.2)
          .strokeColor('#222222')
          .stroke();
      }
      y += ROW_PT;
    }
    const targetX = barX + Math.max(0, Math.min(1, target)) * barWidth;
    doc.moveTo(targetX, groupTop).lineTo(targetX, y).lineWidth(1).strokeColor('#c0392b').dash(3, { space: 2 }).stroke().undash();
  }

  // Legend of the marks.
  const legendY = y + 4;
  doc
    .moveTo(barX, legendY + 1)
    .lineTo(barX, legendY + 8)
    .lineWidth(1.2)
    .strokeColor('#222222')
    .stroke();
  textLine(doc, '60 岁以上居民覆盖率', barX + 4, legendY, { width: 110, size: 6.5, colour: INK.muted });
  doc
    .moveTo(barX + 120, legendY + 1)
    .lineTo(barX + 120, legendY + 8)
    .lineWidth(1)
    .strokeColor('#c0392b')
    .dash(3, { space: 2 })
    .stroke()
    .undash();
  textLine(doc, '目标覆盖率', barX + 124, legendY, { width: 60, size: 6.5, colour: INK.muted });
  let swatchX = barX + 190;
  for (const [band, label] of [
    ['green', '达标'],
    ['amber', '接近'],
    ['red', '不足'],
  ] as const) {
    doc.rect(swatchX, legendY + 1, 8, 7).fill(`#${BAND_COLOURS[band]}`);
    textLine(doc, label, swatchX + 10, legendY, { width: 30, size: 6.5, colour: INK.muted });
    swatchX += 40;
  }
  return y + LEGEND_PT;
}
