import { fmt, t } from '../../common/i18n/index.js';
import { allRowsRejected, type Manifest, TABLE_KEYS, type TableKey, type TableReport } from '../../common/manifest.js';
import { printable } from '../../common/safe-text.js';
import { tableContracts } from '../../common/tables/index.js';

/** Reasons shown per table in the summary; the rest are counted in one line. */
const REASONS_SHOWN = 5;

/**
 * Renders rows as a plain-text table. Numbers are counts (`12,345`); text cells come from data,
 * so they are shown through `printable`, and the widths are those of the text as shown.
 * Columns of numbers, and those named in `right` (ids, money), are right-aligned.
 */
export function textTable(header: readonly string[], rows: (string | number)[][], right: readonly number[] = []): string {
  const cells = [header, ...rows].map((r) => r.map((v) => (typeof v === 'number' ? fmt.count(v) : printable(v))));
  const widths = header.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  const numeric = header.map((_, i) => right.includes(i) || (rows.length > 0 && rows.every((r) => typeof r[i] === 'number')));
  const line = (r: string[]) => r.map((v, i) => (numeric[i] ? v.padStart(widths[i]) : v.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

/** The table each foreign-key column points at (`id_cliente` → `clientes`). */
const CONTRACTS = tableContracts();
const REFERENCES: ReadonlyMap<string, TableKey> = new Map(CONTRACTS.flatMap((c) => c.foreignKeys.map((fk) => [fk.column, fk.references] as const)));
const FILE_OF: ReadonlyMap<TableKey, string> = new Map(CONTRACTS.map((c) => [c.key, `${c.fileBase}.csv`]));

/**
 * The human summary of a run, in the run's language: per-table counts, each table's problems
 * with its most frequent reject reasons (code, column, count, first line; never row contents),
 * the tables not in the batch, the top 10 and where the outputs are. Batch ids, file names,
 * brands, models and sentences quoting data pass through `printable`.
 */
export function summary(manifest: Manifest, outDir: string): string {
  const out: string[] = [];
  const say = (...lines: string[]) => out.push(...lines.map(printable));
  say(t().summaryBatch({ batchId: manifest.batchId, status: manifest.status }), '');
  out.push(
    textTable(
      t().summaryColumns,
      TABLE_KEYS.map((k) => {
        const r = manifest.tables[k];
        return [k, r.file ?? '-', t().tableStatus[r.status], r.rowsRead, r.inserted, r.updated, r.unchanged, r.rejected];
      }),
    ),
  );
  const notes = [
    ...(manifest.warnings ?? []).map((message) => t().summaryWarning({ message })),
    ...TABLE_KEYS.flatMap((k) => tableNotes(manifest, k, outDir)),
  ];
  const absent = TABLE_KEYS.filter((k) => manifest.tables[k].status === 'missing');
  if (absent.length > 0) notes.push(t().summaryNotInBatch({ tables: absent.join(', ') }));
  if (notes.length) say('', ...notes);
  say('');
  if (manifest.top.length === 0) say(t().summaryNoRentals({ table: manifest.aggregate.table }));
  else {
    say(t().summaryTop({ count: manifest.top.length, table: manifest.aggregate.table, rows: manifest.aggregate.rows }));
    out.push(
      textTable(
        t().summaryTopColumns,
        manifest.top.map((v, i) => [
          i + 1,
          fmt.id(v.id_vehiculo),
          v.marca,
          v.modelo,
          fmt.id(v.anio),
          v.total_rentas,
          fmt.decimal(v.duracion_promedio_dias, 2),
          fmt.money(v.ingresos),
        ]),
        [1, 4, 6, 7],
      ),
    );
  }
  const files = [...manifest.outputs.map((o) => o.path), 'manifest.json'].join(', ');
  say('', t().summaryOutputs({ dir: outDir, files }));
  return out.join('\n');
}

/** A table's error, warnings, rejects (with their most frequent reasons) and the rejects cap, as summary lines. */
function tableNotes(manifest: Manifest, key: TableKey, outDir: string): string[] {
  const r = manifest.tables[key];
  const notes = [...(r.error ? [t().summaryError({ message: r.error })] : []), ...r.warnings.map((message) => t().summaryWarning({ message }))];
  if (r.rejected === 0) return notes;
  if (allRowsRejected(r)) notes.push(t().summaryAllRejected({ file: r.file ?? key }));
  notes.push(t().summaryRejected({ table: key, count: r.rejected, path: `${outDir}/rejects/${key}.csv` }));
  notes.push(...reasonLines(manifest, r));
  if (r.rejectsWritten < r.rejected) notes.push(t().summaryRejectsCapped({ table: key, written: r.rejectsWritten, rest: r.rejected - r.rejectsWritten }));
  return notes;
}

/** The most frequent reasons of a table's rejects; an unknown id names the file that was not in the batch. */
function reasonLines(manifest: Manifest, r: TableReport): string[] {
  const reasons = r.rejectReasons ?? [];
  const lines = reasons.slice(0, REASONS_SHOWN).map((reason) => {
    const referenced = reason.code === 'UNKNOWN_REFERENCE' && reason.column !== undefined ? REFERENCES.get(reason.column) : undefined;
    const missing = referenced !== undefined && manifest.tables[referenced].status === 'missing';
    const line = t().summaryReason({
      code: reason.code,
      what: t().rejectCodeName[reason.code] ?? reason.code,
      column: reason.column,
      count: reason.count,
      line: reason.firstLine,
    });
    return missing ? `${line}${t().summaryReasonAbsent({ file: FILE_OF.get(referenced)! })}` : line;
  });
  if (reasons.length > REASONS_SHOWN) lines.push(t().summaryMoreReasons({ count: reasons.length - REASONS_SHOWN }));
  return lines;
}
