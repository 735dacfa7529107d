import type { Measurement } from './measure.js';

/** One route's figures over K runs; the medians are what gets compared. */
export interface RouteSummary {
  readonly wall_s: number[];
  readonly cpu_s: (number | null)[];
  readonly peak_rss_mb: (number | null)[];
  readonly median_wall_s: number;
  readonly median_cpu_s: number | null;
  readonly median_peak_rss_mb: number | null;
  /** Rentals divided by the median wall time. */
  readonly rentals_per_s: number;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function medianOrNull(values: readonly (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null);
  return known.length === values.length && known.length > 0 ? median(known) : null;
}

const round = (n: number, digits: number): number => Number(n.toFixed(digits));

/** Medians of wall time, CPU and peak RSS over the runs of one route. */
export function summarize(runs: readonly Measurement[], rentals: number): RouteSummary {
  const wall = runs.map((m) => m.wallS);
  const cpu = runs.map((m) => m.cpuS);
  const rss = runs.map((m) => m.peakRssMb);
  const medianWall = median(wall);
  const medianCpu = medianOrNull(cpu);
  const medianRss = medianOrNull(rss);
  return {
    wall_s: wall.map((v) => round(v, 3)),
    cpu_s: cpu.map((v) => (v === null ? null : round(v, 2))),
    peak_rss_mb: rss.map((v) => (v === null ? null : Math.round(v))),
    median_wall_s: round(medianWall, 3),
    median_cpu_s: medianCpu === null ? null : round(medianCpu, 2),
    median_peak_rss_mb: medianRss === null ? null : Math.round(medianRss),
    rentals_per_s: Math.round(rentals / medianWall),
  };
}

const cell = (value: string, width: number): string => value.padStart(width);
const fixed = (n: number | null, digits: number): string => (n === null ? 'n/a' : n.toFixed(digits));

/** One line per run, printed as soon as the run ends so a long bench shows progress. */
export function runLine(label: string, run: number, runs: number, m: Measurement, rentals: number): string {
  return [
    `run ${run}/${runs}`,
    label.padEnd(11),
    `wall ${cell(m.wallS.toFixed(2), 7)} s`,
    `cpu ${cell(fixed(m.cpuS, 2), 7)} s`,
    `${cell(Math.round(rentals / m.wallS).toLocaleString('en-US'), 9)} rentals/s`,
    `peak RSS ${cell(m.peakRssMb === null ? 'n/a' : String(Math.round(m.peakRssMb)), 5)} MB`,
  ].join('  ');
}

/** The summary table: one row per route, medians when there were several runs. */
export function summaryTable(rows: readonly [string, RouteSummary][], runs: number): string[] {
  const title = runs > 1 ? `medians of ${runs} runs` : '1 run';
  const lines = [`${'route'.padEnd(12)}${cell('wall_s', 9)}${cell('rentals/s', 12)}${cell('cpu_s', 9)}${cell('peak_rss_mb', 13)}   (${title})`];
  for (const [label, s] of rows) {
    lines.push(
      `${label.padEnd(12)}${cell(s.median_wall_s.toFixed(2), 9)}${cell(s.rentals_per_s.toLocaleString('en-US'), 12)}` +
        `${cell(fixed(s.median_cpu_s, 2), 9)}${cell(s.median_peak_rss_mb === null ? 'n/a' : String(s.median_peak_rss_mb), 13)}`,
    );
  }
  return lines;
}

export const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;
