import { formatCompact, formatDecimal, formatInt, formatMoney, formatMoneyShort, formatMonth, formatPercent, monthParts } from './format.js';
import { html, pct, type SafeHtml } from './html.js';
import type { MonthRow, ReportData, Rollup, Totals, TypeRow, YearRow } from './queries.js';
import { horizontalBarChart, monthlyChart } from './svg.js';

const days = (n: number): string => `${formatDecimal(n)} días`;
const rentals = (n: number): string => `${formatInt(n)} ${n === 1 ? 'renta' : 'rentas'}`;
const EMPTY = html`<p class="empty">Sin rentas en el almacén.</p>`;

/** Headline figures of the whole warehouse. */
export function kpis(t: Totals): SafeHtml {
  const avg = t.rentas > 0 ? t.dias / t.rentas : 0;
  const period = t.desde && t.hasta ? `${formatMonth(t.desde)} – ${formatMonth(t.hasta)}` : '—';
  const items: [string, string][] = [
    ['Rentas en el almacén', formatInt(t.rentas)],
    ['Vehículos con rentas', formatInt(t.vehiculos)],
    ['Duración promedio', days(avg)],
    ['Ingresos (MXN)', formatMoneyShort(t.ingresos)],
    ['Periodo', period],
  ];
  return html`<div class="kpis">${items.map(([label, value]) => html`<div class="kpi"><b>${value}</b><span>${label}</span></div>`)}</div>`;
}

/** The ranking chart: rentals per vehicle, with average duration and revenue beside each bar. */
export function topVehiclesSection(data: ReportData): SafeHtml {
  const bars = data.top.map((v) => {
    const name = `${v.marca} ${v.modelo} ${v.anio}`;
    return {
      label: `${v.posicion}. ${name}`,
      value: v.rentas,
      valueText: formatInt(v.rentas),
      note: `${days(v.promedio)} · ${formatMoneyShort(v.ingresos)}`,
      tooltip: `${name} (id ${v.id_vehiculo}, ${v.tipo}): ${rentals(v.rentas)}, ${days(v.promedio)} en promedio, ${formatMoney(v.ingresos)}`,
    };
  });
  const caption = `Los ${formatInt(bars.length)} vehículos más rentados`;
  return html`<section id="top"><h2>${caption}</h2>
<p class="sub">Número de rentas por vehículo; a la derecha, duración promedio (ponderada por renta) e ingresos en MXN.</p>
${bars.length > 0 ? horizontalBarChart(bars, 'top-vehiculos', caption) : EMPTY}</section>`;
}

interface Column<T> {
  head: string;
  cell: (row: T) => string | SafeHtml;
  numeric?: boolean;
}

function table<T>(rows: readonly T[], columns: readonly Column<T>[], name: string): SafeHtml {
  if (rows.length === 0) return EMPTY;
  return html`<div class="table-wrap"><table data-table="${name}"><thead><tr>${columns.map(
    (c) => html`<th class="${c.numeric ? 'n' : ''}">${c.head}</th>`,
  )}</tr></thead><tbody>${rows.map(
    (r) => html`<tr>${columns.map((c) => html`<td class="${c.numeric ? 'n' : 'name'}">${c.cell(r)}</td>`)}</tr>`,
  )}</tbody></table></div>`;
}

/** A name cell with a meter under it: its rentals against the largest row shown. */
function named(name: string, rentas: number, max: number): SafeHtml {
  return html`${name}<span class="meter"><i style="width:${pct(rentas, max)}"></i></span>`;
}

const maxRentas = (rows: readonly Rollup[]): number => Math.max(0, ...rows.map((r) => r.rentas));

function rollupColumns<T extends Rollup>(): Column<T>[] {
  return [
    { head: 'Rentas', cell: (r) => formatInt(r.rentas), numeric: true },
    { head: 'Días prom.', cell: (r) => formatDecimal(r.promedio), numeric: true },
    { head: 'Ingresos', cell: (r) => formatMoneyShort(r.ingresos), numeric: true },
  ];
}

function shownOf(shown: number, total: number, noun: string): string {
  return total > shown ? `Se muestran ${formatInt(shown)} de ${formatInt(total)} ${noun}.` : '';
}

/** Rentals and weighted average duration by pickup point, and the most frequent one-way routes. */
export function placesSection(data: ReportData): SafeHtml {
  const { points, routes, totals } = data;
  const pointMax = maxRentas(points);
  const routeMax = maxRentas(routes);
  const oneWayShare = totals.rentas > 0 ? formatPercent(totals.rentasSoloIda / totals.rentas) : '—';
  return html`<div class="grid-2">
<section id="puntos"><h2>Por punto de salida</h2>
<p class="sub">Rentas y duración promedio por punto donde se recoge el vehículo. ${shownOf(points.length, totals.puntos, 'puntos')}</p>
${table(points, [{ head: 'Punto de salida', cell: (p) => named(p.nombre, p.rentas, pointMax) }, ...rollupColumns()], 'puntos')}
</section>
<section id="rutas"><h2>Rutas más frecuentes</h2>
<p class="sub">Rentas de un solo sentido (el punto de retorno es otro): ${rentals(totals.rentasSoloIda)}, ${oneWayShare} del total. ${shownOf(routes.length, totals.rutas, 'rutas')}</p>
${table(routes, [{ head: 'Salida → retorno', cell: (r) => named(`${r.salida} → ${r.retorno}`, r.rentas, routeMax) }, ...rollupColumns()], 'rutas')}
</section></div>`;
}

/** Rentals (bars) and weighted average duration (line) per month of fecha_inicio. */
export function monthsSection(months: readonly MonthRow[], totals: Totals): SafeHtml {
  const points = months.map((m) => {
    const { month, year } = monthParts(m.mes);
    return {
      label: [month, year] as [string, string],
      bar: m.rentas,
      line: m.promedio,
      tooltip: `${formatMonth(m.mes)}: ${rentals(m.rentas)}, ${days(m.promedio)} en promedio, ${formatMoney(m.ingresos)}`,
    };
  });
  const caption = 'Rentas y duración promedio por mes';
  // Short axis labels keep the left margin narrow: `12 k` rather than `12,000`.
  const barAxis = Math.max(0, ...months.map((m) => m.rentas)) >= 10_000 ? formatCompact : formatInt;
  const chart = monthlyChart(points, { bar: barAxis, line: formatDecimal }, { bar: 'Rentas', line: 'Duración promedio (días)' }, 'meses', caption);
  return html`<section id="meses"><h2>${caption}</h2>
<p class="sub">Mes de fecha_inicio. ${shownOf(months.length, totals.meses, 'meses (los más recientes)')}</p>
${months.length === 0 ? EMPTY : html`${chart}
<details><summary>Ver datos por mes</summary>${table(months, [{ head: 'Mes', cell: (m) => formatMonth(m.mes) }, ...rollupColumns<MonthRow>()], 'meses')}</details>`}
</section>`;
}

const vehiclesColumn: Column<TypeRow | YearRow> = { head: 'Vehículos', cell: (r) => formatInt(r.vehiculos), numeric: true };

/** Breakdown by vehicle type, most rented first. */
export function typesSection(types: readonly TypeRow[], totals: Totals): SafeHtml {
  const max = maxRentas(types);
  return html`<section id="tipos"><h2>Por tipo de vehículo</h2>
<p class="sub">Vehículos con rentas, rentas y duración promedio por tipo. ${shownOf(types.length, totals.tipos, 'tipos')}</p>
${table(types, [{ head: 'Tipo', cell: (t) => named(t.tipo || '(sin tipo)', t.rentas, max) }, vehiclesColumn, ...rollupColumns()], 'tipos')}
</section>`;
}

/** Breakdown by model year, newest first. */
export function yearsSection(years: readonly YearRow[]): SafeHtml {
  const max = maxRentas(years);
  return html`<section id="anios"><h2>Por año de modelo</h2>
<p class="sub">Del modelo más reciente al más antiguo.</p>
${table(years, [{ head: 'Año', cell: (y) => named(String(y.anio), y.rentas, max) }, vehiclesColumn, ...rollupColumns()], 'anios')}
</section>`;
}
