import { t } from '../../../../common/i18n/index.js';
import { TABLE_KEYS, type Manifest, type TableKey, type TableReport } from '../../../../common/manifest.js';
import { formatElapsed, formatInstant, formatInt } from './format.js';
import { html, type SafeHtml } from './html.js';

/** The batch's status in words, in the report's language. */
export const batchStatusLabel = (status: Manifest['status']): string => t().reportBatchStatus[status] ?? status;

/** At most this many reasons per table: reasons are codes per column, but stay bounded anyway. */
const MAX_REASONS = 50;

/** A table file that was read, had data rows, and kept none of them. */
export const allRowsRejected = (report: TableReport | undefined): boolean =>
  report !== undefined && report.status === 'loaded' && report.rejected > 0 && report.inserted + report.updated + report.unchanged === 0;

/** All reject reasons of the batch in one table: per table, the most frequent first. */
function rejectReasons(manifest: Manifest): SafeHtml | '' {
  const text = t();
  const rows = TABLE_KEYS.flatMap((key) => {
    const reasons = (manifest.tables[key]?.rejectReasons ?? []).filter((r) => r.count > 0).sort((a, b) => b.count - a.count || a.firstLine - b.firstLine);
    const rest = reasons.slice(MAX_REASONS).reduce((sum, r) => sum + r.count, 0);
    const table = text.reportTableName[key];
    const shown = reasons.slice(0, MAX_REASONS).map(
      (r) =>
        html`<tr><td>${table}</td><td class="name"><code class="rule">${r.column === undefined ? r.code : `${r.column}: ${r.code}`}</code><span>${text.reportRejectReason[r.code] ?? ''}</span></td><td class="n">${formatInt(r.count)}</td><td class="n">${String(r.firstLine)}</td></tr>`,
    );
    return rest > 0 ? [...shown, html`<tr><td>${table}</td><td class="name">${text.reportOtherReasons}</td><td class="n">${formatInt(rest)}</td><td></td></tr>`] : shown;
  });
  if (rows.length === 0) return '';
  const head = text.reportReasonsHead;
  return html`<h3 class="reasons-title">${text.reportReasonsTitle}</h3>
<div class="table-wrap"><table class="reasons"><thead><tr><th>${head.table}</th><th>${head.reason}</th><th class="n">${head.rows}</th><th class="n">${head.firstLine}</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

/** The badge of a table: its status, but red when every row was rejected and amber when some were. */
function tableBadge(report: TableReport): SafeHtml {
  const text = t();
  if (allRowsRejected(report)) return html`<span class="badge s-rejected">${text.reportAllRowsRejected}</span>`;
  const tone = report.status === 'loaded' && report.rejected > 0 ? 'partial' : report.status;
  return html`<span class="badge s-${tone}">${text.reportTableStatus[report.status] ?? report.status}</span>`;
}

function tableCard(key: TableKey, report: TableReport | undefined): SafeHtml {
  const text = t();
  if (!report) {
    return html`<article class="card"><h3>${text.reportTableName[key]}</h3><p class="file">${text.reportNoManifestData}</p></article>`;
  }
  const labels = text.reportCounts;
  const counts: [string, number][] = [
    [labels.read, report.rowsRead],
    [labels.inserted, report.inserted],
    [labels.updated, report.updated],
    [labels.unchanged, report.unchanged],
  ];
  // The reject file is written beside report.html, one per table with rejected rows.
  const rejectsHref = `rejects/${key}.csv`;
  const capped = report.rejectsWritten < report.rejected ? html` ${text.reportRejectsCapped({ written: report.rejectsWritten, rejected: report.rejected })}` : '';
  return html`<article class="card" data-table="${key}">
<h3>${text.reportTableName[key]} ${tableBadge(report)}</h3>
<p class="file">${report.file ?? text.reportNoFile}</p>
<dl class="counts">${counts.map(([label, n]) => html`<dt>${label}</dt><dd>${formatInt(n)}</dd>`)}<dt>${labels.rejected}</dt><dd class="${report.rejected > 0 ? 'rej' : ''}">${formatInt(report.rejected)}</dd></dl>
${report.error ? html`<div class="alert" role="alert"><strong>${text.reportFileError}</strong> ${report.error}</div>` : ''}
${report.warnings.length > 0 ? html`<div class="alert warn"><strong>${text.reportWarnings}</strong><ul>${report.warnings.map((w) => html`<li>${w}</li>`)}</ul></div>` : ''}
${report.rejected > 0 ? html`<p><a class="rejects" href="${rejectsHref}">${text.reportDownloadRejects({ href: rejectsHref })}</a>${capped}</p>` : ''}
</article>`;
}

/** The batch at a glance: id, status, times, and one card per input file. */
export function batchHeader(manifest: Manifest): SafeHtml {
  const text = t();
  const times = text.reportTimes({
    start: formatInstant(manifest.startedAt),
    end: formatInstant(manifest.finishedAt),
    elapsed: formatElapsed(manifest.startedAt, manifest.finishedAt),
  });
  return html`<header>
<p class="eyebrow">${text.reportEyebrow}</p>
<h1>${text.reportBatch({ batchId: manifest.batchId })}</h1>
<p class="meta"><span class="badge s-${manifest.status}">${batchStatusLabel(manifest.status)}</span>
${times}</p>
${manifest.error ? html`<div class="alert" role="alert"><strong>${text.reportBatchError}</strong> ${manifest.error}</div>` : ''}
</header>`;
}

/** One card per input table, in load order, with counts, errors and warnings; then the reject reasons. */
export function batchFiles(manifest: Manifest): SafeHtml {
  const text = t();
  return html`<section id="archivos"><h2>${text.reportFilesTitle}</h2>
<p class="sub">${text.reportFilesSub}</p>
<div class="grid">${TABLE_KEYS.map((k) => tableCard(k, manifest.tables[k]))}</div>
${rejectReasons(manifest)}</section>`;
}
