import { html, num, type SafeHtml } from './html.js';

/**
 * Inline SVG charts. Each chart has a viewBox and is drawn at 100% of its box by the CSS, so
 * it scales from a phone to a laptop; the CSS raises the text size on narrow screens, and
 * the layouts below leave room for that larger text.
 */

export interface Bar {
  /** Left label above the bar (e.g. "1. Nissan Versa 2021"). */
  label: string;
  value: number;
  /** The value as shown at the end of the bar. */
  valueText: string;
  /** Right-aligned note above the bar (e.g. average duration and revenue). */
  note: string;
  /** Hover text. */
  tooltip: string;
}

const BAR_WIDTH = 480;
const ROW = 44;
/** Room left after the longest bar for its value text. */
const VALUE_ROOM = 64;

/** Longest label kept in a chart; the full text stays in the tooltip. */
function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A horizontal bar chart, one row per bar: label and note on top, the bar (its length from 0) and its value below. */
export function horizontalBarChart(bars: readonly Bar[], name: string, caption: string): SafeHtml {
  const max = Math.max(0, ...bars.map((b) => b.value));
  const height = bars.length * ROW;
  const rows = bars.map((b, i) => {
    const y = i * ROW;
    const w = max > 0 ? Math.max(2, (b.value / max) * (BAR_WIDTH - VALUE_ROOM)) : 2;
    return html`<g><title>${b.tooltip}</title><text class="lbl" x="0" y="${num(y + 15)}">${clip(b.label, 30)}</text><text class="note" x="${BAR_WIDTH}" y="${num(y + 15)}" text-anchor="end">${b.note}</text><rect class="bar" x="0" y="${num(y + 21)}" width="${num(w)}" height="13" rx="2"/><text class="val" x="${num(w + 4)}" y="${num(y + 32)}">${b.valueText}</text></g>`;
  });
  // Every bar starts at the zero line, drawn so that no reader takes a bar's length for anything else.
  const zero = html`<line class="zero" x1="0" x2="0" y1="18" y2="${num(height)}"/>`;
  return html`<svg class="chart hbar" data-chart="${name}" viewBox="0 0 ${BAR_WIDTH} ${height}" width="100%" role="img" aria-label="${caption}">${rows}${zero}</svg>`;
}

export interface SeriesPoint {
  /** Two-line x label: first line (month), second line (year, shown when it changes). */
  label: [string, string];
  bar: number;
  line: number;
  tooltip: string;
}

/** Round steps (at least `minStep`) from `min` (0 by default) up to at least `max`, about `count` of them. */
export function niceTicks(max: number, count = 4, min = 0, minStep = 0): number[] {
  if (!(max > min)) return minStep > 0 ? [Math.floor(min / minStep) * minStep, (Math.floor(min / minStep) + 1) * minStep] : [min, min + 1];
  const raw = Math.max((max - min) / count, minStep);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const ticks: number[] = [];
  for (let t = Math.floor(min / step) * step; t < max + step * 0.999; t += step) ticks.push(Math.round(t * 1e6) / 1e6);
  return ticks;
}

const C = { width: 480, left: 46, right: 8, top: 18, barH: 120, gap: 34, lineH: 70, axis: 40 } as const;

/**
 * Two panels over the same months: bars (rentals, from 0) on top, a line (average duration,
 * axis fitted to its range so small changes show) below. Two panels rather than two y-axes
 * on one plot, so neither series can be misread against the other's scale. X labels are
 * thinned so they never collide, even with the phone's larger text.
 */
export function monthlyChart(
  points: readonly SeriesPoint[],
  format: { bar: (n: number) => string; line: (n: number) => string },
  titles: { bar: string; line: string },
  name: string,
  caption: string,
): SafeHtml {
  const plotW = C.width - C.left - C.right;
  const lineTop = C.top + C.barH + C.gap;
  const height = lineTop + C.lineH + C.axis;
  const barTicks = niceTicks(Math.max(0, ...points.map((p) => p.bar)), 3);
  const values = points.map((p) => p.line);
  // Half a day at least between ticks: a fitted axis should show change, not magnify noise.
  const lineTicks = niceTicks(Math.max(...values), 2, Math.min(...values), 0.5);
  const [barMax, lineMin, lineMax] = [barTicks[barTicks.length - 1], lineTicks[0], lineTicks[lineTicks.length - 1]];
  const slot = plotW / Math.max(1, points.length);
  const x = (i: number) => C.left + slot * (i + 0.5);
  const yBar = (v: number) => C.top + C.barH - (v / barMax) * C.barH;
  const yLine = (v: number) => lineTop + C.lineH - ((v - lineMin) / (lineMax - lineMin)) * C.lineH;
  const labelEvery = Math.max(1, Math.ceil(40 / slot));

  const axis = (ticks: number[], y: (v: number) => number, fmt: (n: number) => string) =>
    ticks.map(
      (t) =>
        html`<line class="gl" x1="${C.left}" x2="${C.left + plotW}" y1="${num(y(t))}" y2="${num(y(t))}"/><text class="axis" x="${C.left - 4}" y="${num(y(t) + 3)}" text-anchor="end">${fmt(t)}</text>`,
    );
  const bars = points.map(
    (p, i) =>
      html`<rect class="bar" x="${num(x(i) - slot * 0.36)}" y="${num(yBar(p.bar))}" width="${num(slot * 0.72)}" height="${num(C.top + C.barH - yBar(p.bar))}"><title>${p.tooltip}</title></rect>`,
  );
  const path = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${num(x(i))} ${num(yLine(p.line))}`).join('');
  const dots = points.map(
    (p, i) => html`<circle class="dot" cx="${num(x(i))}" cy="${num(yLine(p.line))}" r="2.5"><title>${p.tooltip}</title></circle>`,
  );
  let lastYear = '';
  const xLabels = points.map((p, i) => {
    if (i % labelEvery !== 0) return '';
    const showYear = p.label[1] !== lastYear;
    lastYear = p.label[1];
    return html`<text class="axis" x="${num(x(i))}" y="${lineTop + C.lineH + 18}" text-anchor="middle">${p.label[0]}${showYear ? html`<tspan x="${num(x(i))}" dy="1.15em">${p.label[1]}</tspan>` : ''}</text>`;
  });
  return html`<svg class="chart combo" data-chart="${name}" viewBox="0 0 ${C.width} ${height}" width="100%" role="img" aria-label="${caption}"><text class="ptitle" x="${C.left}" y="${C.top - 8}">${titles.bar}</text>${axis(barTicks, yBar, format.bar)}${bars}<text class="ptitle line-title" x="${C.left}" y="${lineTop - 10}">${titles.line}</text>${axis(lineTicks, yLine, format.line)}<path class="line" d="${path}"/>${dots}${xLabels}</svg>`;
}
