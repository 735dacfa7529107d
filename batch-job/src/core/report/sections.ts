import { t } from '../../../../common/i18n/index.js';
import type { Manifest } from '../../../../common/manifest.js';
import { allRowsRejected } from './batch-section.js';
import {
  formatCompact,
  formatDecimal,
  formatInt,
  formatMoney,
  formatMoneyShort,
  formatMonth,
  formatPercent,
  monthParts,
  vehicleName,
} from './format.js';
import { html, pct, type SafeHtml } from './html.js';
import type { MonthRow, ReportData, Rollup, Totals, TypeRow, YearRow } from './queries.js';
import { horizontalBarChart, monthlyChart } from './svg.js';

const days = (n: number): string => t().reportDays({ days: formatDecimal(n) });
const rentals = (n: number): string => t().reportRentals({ n });

/** Headline figures of the whole warehouse. */
export function kpis(totals: Totals): SafeHtml {
  const labels = t().reportKpis;
  const avg = totals.rentas > 0 ? totals.dias / totals.rentas : 0;
  const period = totals.desde && totals.hasta ? `${formatMonth(totals.desde)} – ${formatMonth(totals.hasta)}` : '—';
  const items: [string, string][] = [
    [labels.rentals, formatInt(totals.rentas)],
    [labels.vehicles, formatInt(totals.vehiculos)],
    [labels.avgDays, days(avg)],
    [labels.revenue, formatMoneyShort(totals.ingresos)],
    [labels.period, period],
  ];
  return html`<div class="kpis">${items.map(([label, value]) => html`<div class="kpi"><b>${value}</b><span>${label}</span></div>`)}</div>`;
}

/**
 * In place of every figure when the warehouse holds no rentals: one sentence saying why,
 * read from what happened to this batch's rentals file.
 */
export function noRentalsSection(manifest: Manifest): SafeHtml {
  const text = t();
  const rentas = manifest.tables.rentas;
  const reason =
    rentas === undefined || rentas.status === 'missing'
      ? text.reportNoRentalsMissing
      : rentas.status === 'rejected'
        ? text.reportNoRentalsRejected
        : allRowsRejected(rentas)
          ? text.reportNoRentalsAllRejected
          : text.reportNoRentalsEmpty;
  return html`<section id="sin-rentas"><h2>${text.reportNoRentals}</h2>
<p>${text.reportNoRentalsYet({ reason })}</p></section>`;
}

/** The ranking chart: rentals per vehicle, with average duration and revenue beside each bar. */
export function topVehiclesSection(data: ReportData): SafeHtml {
  const text = t();
  const bars = data.top.map((v) => {
    const name = vehicleName(v.marca, v.modelo, v.anio);
    return {
      label: `${v.posicion}. ${name}`,
      value: v.rentas,
      valueText: formatInt(v.rentas),
      note: `${days(v.promedio)} · ${formatMoneyShort(v.ingresos)}`,
      tooltip: text.reportTopTooltip({ name, id: v.id_vehiculo, tipo: v.tipo, rentals: rentals(v.rentas), days: days(v.promedio), money: formatMoney(v.ingresos) }),
    };
  });
  const caption = text.reportTopTitle({ n: bars.length });
  return html`<section id="top"><h2>${caption}</h2>
<p class="sub">${text.reportTopSub}</p>
${horizontalBarChart(bars, 'top-vehiculos', caption)}</section>`;
}

interface Column<T> {
  head: string;
  cell: (row: T) => string | SafeHtml;
  numeric?: boolean;
}

function table<T>(rows: readonly T[], columns: readonly Column<T>[], name: string, empty: string): SafeHtml {
  if (rows.length === 0) return html`<p class="empty">${empty}</p>`;
  return html`<div class="table-wrap"><table data-table="${name}"><thead><tr>${columns.map(
    (c) => html`<th class="${c.numeric ? 'n' : ''}">${c.head}</th>`,
  )}</tr></thead><tbody>${rows.map(
    (r) => html`<tr>${columns.map((c) => html`<td class="${c.numeric ? 'n' : 'name'}">${c.cell(r)}</td>`)}</tr>`,
  )}</tbody></table></div>`;
}

/** A name cell with a meter under it (its rentals against the largest row shown), and an optional note. */
function named(name: string, rentas: number, max: number, note?: string): SafeHtml {
  return html`<span class="nm">${name}</span>${note ? html` <small class="note">${note}</small>` : ''}<span class="meter"><i style="width:${pct(rentas, max)}"></i></span>`;
}

const maxRentas = (rows: readonly Rollup[]): number => Math.max(0, ...rows.map((r) => r.rentas));

function rollupColumns<T extends Rollup>(): Column<T>[] {
  const head = t().reportHead;
  return [
    { head: head.rentals, cell: (r) => formatInt(r.rentas), numeric: true },
    { head: head.avgDays, cell: (r) => formatDecimal(r.promedio), numeric: true },
    { head: head.revenue, cell: (r) => formatMoneyShort(r.ingresos), numeric: true },
  ];
}

function shownOf(shown: number, total: number, what: 'points' | 'routes' | 'months' | 'types'): string {
  return total > shown ? t().reportShownOf({ shown, total, what }) : '';
}

/** Rentals and weighted average duration by pickup point, and the most frequent one-way routes. */
export function placesSection(data: ReportData): SafeHtml {
  const text = t();
  const { points, routes, totals } = data;
  const pointMax = maxRentas(points);
  const routeMax = maxRentas(routes);
  const share = totals.rentas > 0 ? formatPercent(totals.rentasSoloIda / totals.rentas) : '—';
  return html`<div class="grid-2">
<section id="puntos"><h2>${text.reportPointsTitle}</h2>
<p class="sub">${text.reportPointsSub} ${shownOf(points.length, totals.puntos, 'points')}</p>
${table(points, [{ head: text.reportPointsHead, cell: (p) => named(p.nombre, p.rentas, pointMax) }, ...rollupColumns()], 'puntos', text.reportNoRentals)}
</section>
<section id="rutas"><h2>${text.reportRoutesTitle}</h2>
<p class="sub">${text.reportRoutesSub({ rentals: rentals(totals.rentasSoloIda), share })} ${shownOf(routes.length, totals.rutas, 'routes')}</p>
${table(routes, [{ head: text.reportRoutesHead, cell: (r) => named(`${r.salida} → ${r.retorno}`, r.rentas, routeMax) }, ...rollupColumns()], 'rutas', text.reportNoRoutes)}
</section></div>`;
}

/** Rentals (bars) and weighted average duration (line) per month in which the rentals started. */
export function monthsSection(months: readonly MonthRow[], totals: Totals): SafeHtml {
  const text = t();
  const points = months.map((m) => {
    const { month, year } = monthParts(m.mes);
    return {
      label: [month, year] as [string, string],
      bar: m.rentas,
      line: m.promedio,
      tooltip: text.reportMonthTooltip({ month: formatMonth(m.mes), rentals: rentals(m.rentas), days: days(m.promedio), money: formatMoney(m.ingresos) }),
    };
  });
  const caption = text.reportMonthsTitle;
  // Short axis labels keep the left margin narrow: `12 k` rather than `12,000`.
  const barAxis = Math.max(0, ...months.map((m) => m.rentas)) >= 10_000 ? formatCompact : formatInt;
  const chart = monthlyChart(points, { bar: barAxis, line: formatDecimal }, { bar: text.reportMonthsBar, line: text.reportMonthsLine }, 'meses', caption);
  const columns = [{ head: text.reportHead.month, cell: (m: MonthRow) => formatMonth(m.mes) }, ...rollupColumns<MonthRow>()];
  return html`<section id="meses"><h2>${caption}</h2>
<p class="sub">${text.reportMonthsSub} ${shownOf(months.length, totals.meses, 'months')}</p>
${chart}
<details><summary>${text.reportMonthsDetails}</summary>${table(months, columns, 'meses', text.reportNoRentals)}</details>
</section>`;
}

/** The vehicles of a line, beside its name rather than in a column of their own: the table fits a phone. */
const vehicles = (r: TypeRow | YearRow): string => t().reportVehicles({ n: r.vehiculos });

/** Breakdown by vehicle type, most rented first. */
export function typesSection(types: readonly TypeRow[], totals: Totals): SafeHtml {
  const text = t();
  const max = maxRentas(types);
  return html`<section id="tipos"><h2>${text.reportTypesTitle}</h2>
<p class="sub">${text.reportTypesSub} ${shownOf(types.length, totals.tipos, 'types')}</p>
${table(types, [{ head: text.reportHead.type, cell: (r) => named(r.tipo || text.reportNoType, r.rentas, max, vehicles(r)) }, ...rollupColumns()], 'tipos', text.reportNoRentals)}
</section>`;
}

/** Breakdown by model year, newest first. */
export function yearsSection(years: readonly YearRow[]): SafeHtml {
  const text = t();
  const max = maxRentas(years);
  return html`<section id="anios"><h2>${text.reportYearsTitle}</h2>
<p class="sub">${text.reportYearsSub}</p>
${table(years, [{ head: text.reportHead.year, cell: (y) => named(String(y.anio), y.rentas, max, vehicles(y)) }, ...rollupColumns()], 'anios', text.reportNoRentals)}
</section>`;
}
