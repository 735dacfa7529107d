import { type Dirent, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { EtlError, ErrorCode } from '../../../common/errors.js';
import { t } from '../../../common/i18n/index.js';
import type { TableKey } from '../../../common/manifest.js';
import { probableTable } from '../../../common/tables/file-names.js';
import { chooseTableFiles, tableForFile, TABLES, type TableContract } from '../../../common/tables/index.js';

export interface InputFile {
  readonly path: string;
  readonly name: string;
  readonly warnings: string[];
}

/** What a batch folder holds: each table's file, and the warnings about the files that are not loaded. */
export interface BatchContents {
  readonly files: Map<TableKey, InputFile>;
  /** Warnings about files named like no table file: by the table they were probably meant for. */
  readonly strayByTable: Map<TableKey, string[]>;
  /** Warnings about files whose name is like no table's at all. */
  readonly strays: string[];
}

/** The marker that makes a folder a batch on AWS (contract §1); not a stray file. */
const MARKER = '_SUCCESS';
/** Names listed at most in the sentence about a folder that holds no table file, and stray files named in warnings. */
const LISTED = 10;

/**
 * Finds each table's file in a batch folder (`vehiculos.csv` or `vehiculos.csv.gz`, any case),
 * by the rule of `chooseTableFiles`, which the upload check shares. Any other file is named in
 * a warning, with the table it was probably meant for (`Rentas (1).csv`, contract §7); hidden
 * files (`.DS_Store`), the `_SUCCESS` marker and sub-folders are left alone. A folder with no
 * table file at all is refused with BATCH_EMPTY, listing what it does hold.
 */
export function findInputFiles(dir: string, contracts: readonly TableContract[]): BatchContents {
  let entries: Dirent[];
  try {
    // A file that is not a folder fails here too (ENOTDIR).
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (cause) {
    throw new EtlError(ErrorCode.USAGE, t().inputNotFolder({ dir }), {}, { cause });
  }
  const names = entries.map((e) => e.name);
  const files = new Map<TableKey, InputFile>();
  const choices = chooseTableFiles(names);
  for (const contract of contracts) {
    const choice = choices.get(contract.key);
    if (!choice) continue;
    const { chosen, others } = choice;
    const warnings = others.length > 0 ? [t().inputOthersIgnored({ others, chosen, table: contract.key })] : [];
    files.set(contract.key, { path: join(dir, chosen), name: chosen, warnings });
  }
  if (files.size === 0) throw new EtlError(ErrorCode.BATCH_EMPTY, t().batchEmpty({ dir, holds: listing(entries) }));
  // Files that look meant for a table first, then by name: a folder of thousands of other files
  // gets LISTED warnings and one count, not a warning each.
  const others = entries
    .filter((e) => !e.isDirectory() && !e.name.startsWith('.') && e.name !== MARKER && tableForFile(e.name) === undefined)
    .map((e) => ({ name: e.name, table: probableTable(e.name) }))
    .sort((a, b) => Number(a.table === undefined) - Number(b.table === undefined) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const strayByTable = new Map<TableKey, string[]>();
  const strays: string[] = [];
  for (const { name, table } of others.slice(0, LISTED)) {
    if (table === undefined) {
      strays.push(t().strayFile({ name }));
      continue;
    }
    const file = `${fileBaseOf(table)}.csv`;
    const present = files.get(table);
    const warning = present ? t().strayFileBeside({ name, file: present.name, table }) : t().strayFileMeant({ name, file, table });
    strayByTable.set(table, [...(strayByTable.get(table) ?? []), warning]);
  }
  if (others.length > LISTED) strays.push(t().strayFilesMore({ count: others.length - LISTED }));
  return { files, strayByTable, strays };
}

function fileBaseOf(table: TableKey): string {
  return TABLES.find((d) => d.key === table)!.fileBase;
}

/** What a folder without table files holds, as a phrase: its first names, each with the table it probably meant. */
function listing(entries: readonly Dirent[]): string {
  if (entries.length === 0) return t().folderIsEmpty;
  const shown = [...entries]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .slice(0, LISTED)
    .map((e) => {
      if (e.isDirectory()) return `${e.name}/`;
      const table = e.name.startsWith('.') ? undefined : probableTable(e.name);
      return table === undefined ? e.name : t().folderEntryMeant({ name: e.name, file: `${fileBaseOf(table)}.csv` });
    });
  const more = entries.length - shown.length;
  return t().folderHolds({ names: shown.join(', '), more });
}
