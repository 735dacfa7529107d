import type { RejectCode } from '../../../../common/errors.js';
import { TABLE_KEYS, type Manifest, type TableKey, type TableReport } from '../../../../common/manifest.js';
import { formatElapsed, formatInstant, formatInt } from './format.js';
import { html, type SafeHtml } from './html.js';

/** Spanish labels of the manifest's fixed values. */
export const BATCH_STATUS_LABELS: Record<Manifest['status'], string> = {
  succeeded: 'Correcto',
  partial: 'Parcial',
  failed: 'Fallido',
};

const TABLE_STATUS_LABELS: Record<TableReport['status'], string> = {
  loaded: 'cargado',
  rejected: 'rechazado',
  missing: 'no incluido',
};

const TABLE_LABELS: Record<TableKey, string> = {
  vehiculos: 'Vehículos',
  puntos_renta: 'Puntos de renta',
  clientes: 'Clientes',
  rentas: 'Rentas',
};

/** The rule part of a reject reason key (`fecha_fin: order` → `order`), in words. */
const REASON_LABELS: Record<RejectCode, string> = {
  BAD_ID: 'id no es un entero positivo',
  EMPTY_TEXT: 'texto vacío',
  OUT_OF_RANGE: 'valor fuera de rango',
  BAD_NUMBER: 'número no válido o negativo',
  BAD_EMAIL: 'correo no válido',
  BAD_DATE: 'fecha no válida',
  DATE_ORDER: 'fecha_fin no es posterior a fecha_inicio',
  DUPLICATE_ID: 'id repetido en el archivo',
  UNKNOWN_REFERENCE: 'referencia inexistente',
  FIELD_COUNT: 'número de campos distinto al encabezado',
};

/** At most this many reasons per table: reasons are codes per column, but stay bounded anyway. */
const MAX_REASONS = 50;

/** All reject reasons of the batch in one table: per table, the most frequent first. */
function rejectReasons(manifest: Manifest): SafeHtml | '' {
  const rows = TABLE_KEYS.flatMap((key) => {
    const reasons = (manifest.tables[key]?.rejectReasons ?? []).filter((r) => r.count > 0).sort((a, b) => b.count - a.count || a.firstLine - b.firstLine);
    const rest = reasons.slice(MAX_REASONS).reduce((sum, r) => sum + r.count, 0);
    const shown = reasons.slice(0, MAX_REASONS).map(
      (r) =>
        html`<tr><td>${TABLE_LABELS[key]}</td><td class="name"><code>${r.column === undefined ? r.code : `${r.column}: ${r.code}`}</code></td><td class="name">${REASON_LABELS[r.code] ?? ''}</td><td class="n">${formatInt(r.count)}</td><td class="n">${String(r.firstLine)}</td></tr>`,
    );
    return rest > 0 ? [...shown, html`<tr><td>${TABLE_LABELS[key]}</td><td class="name" colspan="2">Otros motivos</td><td class="n">${formatInt(rest)}</td><td></td></tr>`] : shown;
  });
  if (rows.length === 0) return '';
  return html`<h3 class="reasons-title">Motivos de rechazo</h3>
<div class="table-wrap"><table class="reasons"><thead><tr><th>Tabla</th><th>Regla</th><th>Descripción</th><th class="n">Filas</th><th class="n">Primera línea</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

function tableCard(key: TableKey, report: TableReport | undefined): SafeHtml {
  if (!report) {
    return html`<article class="card"><h3>${TABLE_LABELS[key]}</h3><p class="file">Sin datos en el manifiesto.</p></article>`;
  }
  const counts: [string, number][] = [
    ['Leídas', report.rowsRead],
    ['Insertadas', report.inserted],
    ['Actualizadas', report.updated],
    ['Sin cambios', report.unchanged],
  ];
  // The reject file is written beside report.html, one per table with rejected rows.
  const rejectsHref = `rejects/${key}.csv`;
  return html`<article class="card" data-table="${key}">
<h3>${TABLE_LABELS[key]} <span class="badge s-${report.status}">${TABLE_STATUS_LABELS[report.status] ?? report.status}</span></h3>
<p class="file">${report.file ?? 'Sin archivo en el lote'}</p>
<dl class="counts">${counts.map(([label, n]) => html`<dt>${label}</dt><dd>${formatInt(n)}</dd>`)}<dt>Rechazadas</dt><dd class="${report.rejected > 0 ? 'rej' : ''}">${formatInt(report.rejected)}</dd></dl>
${report.error ? html`<div class="alert" role="alert"><strong>Error:</strong> ${report.error}</div>` : ''}
${report.warnings.length > 0 ? html`<div class="alert warn"><strong>Advertencias:</strong><ul>${report.warnings.map((w) => html`<li>${w}</li>`)}</ul></div>` : ''}
${report.rejected > 0 ? html`<p><a class="rejects" href="${rejectsHref}">Descargar filas rechazadas (${rejectsHref})</a></p>` : ''}
</article>`;
}

/** The batch at a glance: id, status, times, and one card per input file. */
export function batchHeader(manifest: Manifest): SafeHtml {
  const elapsed = formatElapsed(manifest.startedAt, manifest.finishedAt);
  return html`<header>
<p class="eyebrow">rentas-pipeline · Reporte de carga</p>
<h1>Lote ${manifest.batchId}</h1>
<p class="meta"><span class="badge s-${manifest.status}">${BATCH_STATUS_LABELS[manifest.status] ?? manifest.status}</span>
Inicio: ${formatInstant(manifest.startedAt)} · Fin: ${formatInstant(manifest.finishedAt)}${elapsed ? ` · Duración: ${elapsed}` : ''} (hora del centro de México)</p>
${manifest.error ? html`<div class="alert" role="alert"><strong>Error del lote:</strong> ${manifest.error}</div>` : ''}
</header>`;
}

/** One card per input table, in load order, with counts, errors and warnings; then the reject reasons. */
export function batchFiles(manifest: Manifest): SafeHtml {
  return html`<section id="archivos"><h2>Archivos del lote</h2>
<p class="sub">Cada fila leída termina insertada, actualizada, sin cambios o rechazada.</p>
<div class="grid">${TABLE_KEYS.map((k) => tableCard(k, manifest.tables[k]))}</div>
${rejectReasons(manifest)}</section>`;
}
