import type { EtlConfig } from '../config.js';
import type { Manifest } from '../../../../common/manifest.js';
import type { Db } from '../warehouse.js';
import { t } from '../../../../common/i18n/index.js';
import { batchFiles, batchHeader, batchStatusLabel } from './batch-section.js';
import { html, trusted, type SafeHtml } from './html.js';
import { readReportData, type ReportData } from './queries.js';
import { kpis, monthsSection, noRentalsSection, placesSection, topVehiclesSection, typesSection, yearsSection } from './sections.js';
import { STYLES } from './styles.js';

export { escapeHtml } from './html.js';
export { REPORT_LIMITS } from './queries.js';

/**
 * Nothing may load or run: no script, no network fetch. The policy also guards a reader
 * against any markup that escaping might ever miss, wherever the file is served from.
 */
const CSP = trusted("default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'");

/** The batch's files with the warehouse's figures, or with one sentence saying why there are none yet. */
function body(data: ReportData, manifest: Manifest, config: EtlConfig): SafeHtml {
  if (data.totals.rentas === 0) return html`${batchFiles(manifest)}
${noRentalsSection(manifest)}`;
  return html`${kpis(data.totals)}
${batchFiles(manifest)}
<div class="split">
${topVehiclesSection(data)}
<div class="stack">${typesSection(data.types, data.totals)}${yearsSection(data.years)}</div>
</div>
${placesSection(data)}
${monthsSection(data.months, data.totals)}
<footer>${t().reportFooter({ table: config.aggregateTable })}</footer>`;
}

/**
 * Renders the batch report in the process's language: one self-contained HTML page (inline
 * CSS and SVG, no script, no external resource) with the batch's files and counts from
 * `manifest`, and the warehouse's figures read from the aggregate table by bounded SQL (or,
 * when it holds no rentals, why). Call it after the aggregate was rebuilt; every text from
 * data is HTML-escaped.
 */
export function renderReport(db: Db, manifest: Manifest, config: EtlConfig): string {
  const text = t();
  const data = readReportData(db, config);
  const title = text.reportTitle({ batchId: manifest.batchId, status: batchStatusLabel(manifest.status) });
  const page = html`<!DOCTYPE html>
<html lang="${text.reportHtmlLang}">
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
${body(data, manifest, config)}
</main>
</body>
</html>
`;
  return page.html;
}
