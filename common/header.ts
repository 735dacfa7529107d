import { parse } from 'csv-parse/sync';
import { ErrorCode, FileRejectedError } from './errors.js';
import type { TableContract } from './tables/contract.js';

export interface HeaderMatch {
  /** For each required column (contract order), its position in the file's records. */
  readonly positions: readonly number[];
  /** Columns present in the file that the contract does not use (ignored). */
  readonly extras: readonly string[];
  readonly warnings: readonly string[];
}

const normalise = (name: string): string => name.replace(/^\uFEFF/, '').trim().toLowerCase();

/**
 * Matches a header row against a table's required columns: trimmed, case-insensitive, any
 * order. A missing or repeated required column rejects the whole file; extra columns are
 * accepted and reported as a warning.
 */
export function matchHeader(header: readonly string[], contract: TableContract, file: string): HeaderMatch {
  const found = header.map(normalise);
  const positions: number[] = [];
  const missing: string[] = [];
  for (const column of contract.columns) {
    const at = found.indexOf(column);
    if (at < 0) {
      missing.push(column);
      continue;
    }
    if (found.indexOf(column, at + 1) >= 0) {
      throw new FileRejectedError(
        ErrorCode.HEADER_DUPLICATE_COLUMN,
        `${file} line 1, column ${column}: expected each required column once, found it ${found.filter((f) => f === column).length} times in the header.`,
        { table: contract.key, file, line: 1, column },
      );
    }
    positions.push(at);
  }
  if (missing.length > 0) {
    throw new FileRejectedError(
      ErrorCode.HEADER_MISSING_COLUMN,
      `${file} line 1: missing required column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}; expected ${contract.columns.join(', ')} (any order), found ${found.length === 1 && found[0] === '' ? 'an empty header' : found.join(', ')}.`,
      { table: contract.key, file, line: 1, column: missing[0] },
    );
  }
  const required = new Set(contract.columns);
  const extras = header.filter((_, i) => !required.has(found[i]));
  const warnings =
    extras.length > 0 ? [`${file}: extra column${extras.length > 1 ? 's' : ''} ignored: ${extras.map((e) => e.trim()).join(', ')}.`] : [];
  return { positions, extras, warnings };
}

/**
 * Reads the header record from the first bytes of a file (already gunzipped). The prefix may
 * end in the middle of a later record: only the first record is parsed. Returns undefined
 * when `complete` is false and the prefix holds no whole header line yet.
 */
export function headerFromPrefix(prefix: Buffer, file: string, complete: boolean): string[] | undefined {
  if (prefix.length === 0) {
    throw new FileRejectedError(ErrorCode.FILE_EMPTY, `${file} is empty: expected a header row.`, { file, line: 1 });
  }
  const end = firstRecordEnd(prefix);
  if (end < 0 && !complete) return undefined;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(end < 0 ? prefix : prefix.subarray(0, end));
  } catch (cause) {
    throw new FileRejectedError(ErrorCode.FILE_NOT_UTF8, `${file} line 1: expected UTF-8 text, found bytes that are not UTF-8.`, {
      file,
      line: 1,
    }, { cause });
  }
  const records = parse(text, { bom: true, relax_column_count: true, relax_quotes: true, to: 1 });
  return records[0] ?? [''];
}

/** Byte index of the first record's line end, honouring quotes; -1 if the prefix has none. */
function firstRecordEnd(bytes: Buffer): number {
  let quoted = false;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (c === 0x22) quoted = !quoted;
    else if (c === 0x0a && !quoted) return i;
  }
  return -1;
}
