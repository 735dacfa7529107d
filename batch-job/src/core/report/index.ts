import type { EtlConfig } from '../config.js';
import type { Manifest } from '../../../../common/manifest.js';
import type { Db } from '../warehouse.js';
import { batchFiles, batchHeader, BATCH_STATUS_LABELS } from './batch-section.js';
import { html, trusted } from './html.js';
import { readReportData } from './queries.js';
import { kpis, monthsSection, placesSection, topVehiclesSection, typesSection, yearsSection } from './sections.js';
import { STYLES } from './styles.js';

export { escapeHtml } from './html.js';
export { REPORT_LIMITS } from './queries.js';

/**
 * Nothing may load or run: no script, no network fetch. The policy also guards a reader
 * against any markup that escaping might ever miss, wherever the file is served from.
 */
const CSP = trusted("default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'");

/**
 * Renders the batch report: one self-contained HTML page (inline CSS and SVG, no script, no
 * external resource) with the batch's files and counts from `manifest`, and the warehouse's
 * figures read from the aggregate table by bounded SQL. Call it after the aggregate was
 * rebuilt; every text from data is HTML-escaped.
 */
export function renderReport(db: Db, manifest: Manifest, config: EtlConfig): string {
  const data = readReportData(db, config);
  const title = `Reporte del lote ${manifest.batchId} · ${BATCH_STATUS_LABELS[manifest.status] ?? manifest.status}`;
  const page = html`<!DOCTYPE html>
<html lang="es-MX">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="color-scheme" content="light dark">
<title>${title}</title>
<style>${STYLES}</style>
</head>
<body>
<main>
${batchHeader(manifest)}
${kpis(data.totals)}
${batchFiles(manifest)}
<div class="split">
${topVehiclesSection(data)}
<div class="stack">${typesSection(data.types, data.totals)}${yearsSection(data.years)}</div>
</div>
${placesSection(data)}
${monthsSection(data.months, data.totals)}
<footer>Cifras del almacén completo (tabla ${config.aggregateTable}) después de cargar este lote. Promedios ponderados por renta. Generado por rentas-pipeline.</footer>
</main>
</body>
</html>
`;
  return page.html;
}
