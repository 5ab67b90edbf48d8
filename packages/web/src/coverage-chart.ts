/** Horizontal bars drawn as inline SVG: one row per label, the bar's length its share (0–1). */
export interface Bar {
  label: string;
  share: number;
}

const SVG = 'http://www.w3.org/2000/svg';
const ROW_HEIGHT_PX = 20;
const LABEL_WIDTH_PX = 170;
const BAR_WIDTH_PX = 200;
/** Characters of a label that fit in the label column at 12 px (CJK characters are the widest). */
const MAX_LABEL_CHARS = 13;

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, text?: string) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

/** Bar colour by share: the guide's grade colours, so a red bar reads as a gap at a glance. */
function barColor(share: number): string {
  if (share >= 0.8) return '#1a9850';
  if (share >= 0.6) return '#a6d96a';
  if (share >= 0.4) return '#fdae61';
  return '#d73027';
}

/**
 * A horizontal bar chart of shares (no chart library: a few rects and texts). Each bar carries
 * `data-share`, so tests can read what it draws; the title names the chart for screen readers.
 */
export function coverageChart(title: string, bars: Bar[]): SVGSVGElement {
  const width = LABEL_WIDTH_PX + BAR_WIDTH_PX + 50;
  const height = bars.length * ROW_HEIGHT_PX + 4;
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', class: 'coverage-chart' });
  chart.append(svg('title', {}, title));
  bars.forEach((bar, index) => {
    const y = index * ROW_HEIGHT_PX + 2;
    const share = Math.min(1, Math.max(0, bar.share));
    const row = svg('g', { class: 'bar', 'data-share': bar.share });
    // Long names (some formats have 15 characters) are cut to fit; the row's title keeps the whole name.
    const label = bar.label.length > MAX_LABEL_CHARS ? `${bar.label.slice(0, MAX_LABEL_CHARS - 1)}…` : bar.label;
    row.append(
      svg('title', {}, `${bar.label} ${(bar.share * 100).toFixed(1)}%`),
      svg('text', { x: LABEL_WIDTH_PX - 6, y: y + 13, 'text-anchor': 'end', 'font-size': 12 }, label),
      svg('rect', { x: LABEL_WIDTH_PX, y, width: BAR_WIDTH_PX, height: ROW_HEIGHT_PX - 6, fill: '#eeeeee' }),
      svg('rect', { x: LABEL_WIDTH_PX, y, width: share * BAR_WIDTH_PX, height: ROW_HEIGHT_PX - 6, fill: barColor(share) }),
      svg('text', { x: LABEL_WIDTH_PX + BAR_WIDTH_PX + 4, y: y + 13, 'font-size': 12 }, `${(bar.share * 100).toFixed(0)}%`),
    );
    chart.append(row);
  });
  return chart;
}
