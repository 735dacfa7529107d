import type { Manifest } from '../../common/manifest.js';
import { TABLE_KEYS } from '../../common/manifest.js';
import { printable } from '../../common/safe-text.js';

const nf = new Intl.NumberFormat('en-US');
const df = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/**
 * Renders rows as a plain-text table with right-aligned numbers. Text cells come from data, so
 * they are shown through `printable`, and the widths are those of the text as shown.
 */
export function textTable(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows].map((r) => r.map((v) => (typeof v === 'number' ? nf.format(v) : printable(v))));
  const widths = header.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  const numeric = header.map((_, i) => rows.length > 0 && rows.every((r) => typeof r[i] === 'number'));
  const fmt = (r: string[]) => r.map((v, i) => (numeric[i] ? v.padStart(widths[i]) : v.padEnd(widths[i]))).join('  ').trimEnd();
  return [fmt(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(fmt)].join('\n');
}

/**
 * The human summary of a run: per-table counts, problems, the top 10 and where outputs are.
 * Batch ids, file names, brands, models, column names in warnings and error sentences come
 * from the data: each line of text and each table cell passes through `printable`.
 */
export function summary(manifest: Manifest, outDir: string): string {
  const out: string[] = [];
  const say = (...lines: string[]) => out.push(...lines.map(printable));
  say(`Batch ${manifest.batchId}: ${manifest.status}`, '');
  out.push(
    textTable(
      ['table', 'file', 'status', 'read', 'inserted', 'updated', 'unchanged', 'rejected'],
      TABLE_KEYS.map((k) => {
        const t = manifest.tables[k];
        return [k, t.file ?? '-', t.status, t.rowsRead, t.inserted, t.updated, t.unchanged, t.rejected];
      }),
    ),
  );
  const notes = TABLE_KEYS.flatMap((k) => {
    const t = manifest.tables[k];
    return [
      ...(t.error ? [`error: ${t.error}`] : []),
      ...t.warnings.map((w) => `warning: ${w}`),
      ...(t.rejected > 0 ? [`${t.rejected} ${k} row(s) rejected: see ${outDir}/rejects/${k}.csv`] : []),
      ...(t.rejectsWritten < t.rejected ? [`only the first ${t.rejectsWritten} ${k} reject(s) were written there (MAX_REJECTS_WRITTEN); the other ${t.rejected - t.rejectsWritten} are counted only`] : []),
    ];
  });
  if (notes.length) say('', ...notes);
  say('', `Top ${manifest.top.length} vehicles (${manifest.aggregate.table}: ${nf.format(manifest.aggregate.rows)} rows)`);
  out.push(
    textTable(
      ['#', 'id', 'marca', 'modelo', 'anio', 'rentas', 'avg days', 'ingresos'],
      manifest.top.map((v, i) => [i + 1, v.id_vehiculo, v.marca, v.modelo, String(v.anio), v.total_rentas, df.format(v.duracion_promedio_dias), df.format(v.ingresos)]),
    ),
  );
  say('', `Outputs in ${outDir}: ${manifest.outputs.map((o) => o.path).join(', ')}, manifest.json`);
  return out.join('\n');
}
