import { constants, createGunzip } from 'node:zlib';
import { CSV_SYNTAX_CODES, CsvParser, type LineEnd, csvSyntaxRejection } from './csv-parser.js';
import { ErrorCode, EtlError, FileRejectedError } from './errors.js';
import { fmt, t } from './i18n/index.js';
import { printable } from './safe-text.js';
import type { TableContract } from './tables/contract.js';
import { BadByteError, countByte, decodeAll, type InputEncoding, type TextEncoding, utf8Facts } from './text-encoding.js';

/**
 * The header rule reads at most this many bytes of a file as stored (compressed for `.csv.gz`),
 * and at most this many bytes of text: the upload check's ranged read, and the job's first read.
 */
export const HEADER_BYTES = 65_536;

/** The header's fields may not outnumber the job's limit on any record. */
const HEADER_LIMITS = { maxRecordChars: HEADER_BYTES, maxFields: 1000 } as const;

export interface HeaderMatch {
  /** For each required column (contract order), its position in the file's records. */
  readonly positions: readonly number[];
  /** Columns present in the file that the contract does not use (ignored). */
  readonly extras: readonly string[];
  readonly warnings: readonly string[];
}

/** An accepted header: its fields as written, where it is, and how the file's lines end. */
export interface HeaderDecision extends HeaderMatch {
  readonly fields: readonly string[];
  /** Physical line of the header (after any blank lines). */
  readonly line: number;
  readonly lineEnd: LineEnd;
  /**
   * What the header's bytes were read as: INPUT_ENCODING, or under `auto` what the bytes read
   * show (`windows-1252` when they hold bytes that are not UTF-8 and no multi-byte UTF-8).
   */
  readonly encoding: TextEncoding;
}

/**
 * The header rule's verdict on a file; `found` is the start of the header as read, when it
 * could be read: at most FOUND_NAMES names, each cut as in sentences (`shortName`).
 */
export type HeaderVerdict =
  | { readonly status: 'ok'; readonly header: HeaderDecision }
  | { readonly status: 'rejected'; readonly error: FileRejectedError; readonly found: readonly string[] };

/**
 * The one header rule of the pipeline: the upload check (on its ranged read) and the job (on
 * the start of the file on disk) both decide with it, so the same bytes always get the same
 * verdict and the same sentence. `first` holds the first bytes of the file as stored, at most
 * HEADER_BYTES (gunzipped here for `.csv.gz`); `whole` says whether they are the whole file.
 * `encoding` (INPUT_ENCODING) applies to those bytes as to a whole file (contract §7): under
 * `auto`, bytes that are not UTF-8 with no multi-byte UTF-8 among them are Windows-1252 (with a
 * warning), and both kinds mixed reject the file. Rejects the file when it is empty, when its
 * header cannot be read in its encoding, is not RFC 4180, not within the first HEADER_BYTES, or
 * misses or repeats a required column (see `matchHeader`).
 */
export async function decideHeader(
  first: Buffer,
  whole: boolean,
  file: string,
  contract: TableContract,
  encoding: InputEncoding = 'auto',
): Promise<HeaderVerdict> {
  let found: readonly string[] = [];
  try {
    const text = file.toLowerCase().endsWith('.gz') ? await gunzipPrefix(first, whole, HEADER_BYTES, file) : { bytes: first, complete: whole };
    const record = headerRecord(text.bytes, text.complete, file, encoding);
    found = shortNames(record.fields);
    const match = matchHeader(record.fields, contract, file, record.line);
    const warnings = encoding === 'auto' && record.encoding === 'windows-1252' ? [windows1252Warning(file), ...match.warnings] : match.warnings;
    return { status: 'ok', header: { ...match, ...record, warnings } };
  } catch (error) {
    if (error instanceof FileRejectedError) return { status: 'rejected', error, found };
    throw error;
  }
}

const normalise = (name: string): string => name.replace(/^\uFEFF/, '').trim().toLowerCase();

/**
 * Matches a header row against a table's required columns: trimmed, case-insensitive, any
 * order. A missing or repeated required column rejects the whole file; extra columns are
 * accepted and reported as a warning.
 */
export function matchHeader(header: readonly string[], contract: TableContract, file: string, line = 1): HeaderMatch {
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
        t().headerDuplicateColumn({ file, line: fmt.id(line), column, times: fmt.count(found.filter((f) => f === column).length) }),
        { table: contract.key, file, line, column },
      );
    }
    positions.push(at);
  }
  if (missing.length > 0) {
    const place = { table: contract.key, file, line, column: missing[0] };
    const delimiter = otherDelimiter(found, missing);
    if (delimiter) {
      throw new FileRejectedError(ErrorCode.HEADER_MISSING_COLUMN, t().headerWrongDelimiter({ file, line: fmt.id(line), delimiter, found: nameList(found) }), place);
    }
    throw new FileRejectedError(
      ErrorCode.HEADER_MISSING_COLUMN,
      t().headerMissingColumns({
        file,
        line: fmt.id(line),
        missing,
        expected: contract.columns.join(', '),
        found: found.length === 1 && found[0] === '' ? undefined : nameList(found),
      }),
      place,
    );
  }
  const required = new Set(contract.columns);
  const extras = header.filter((_, i) => !required.has(found[i]));
  const warnings = extras.length > 0 ? [t().headerExtraColumns({ file, count: extras.length, names: nameList(extras.map((e) => e.trim())) })] : [];
  return { positions, extras, warnings };
}

/**
 * The delimiter a header uses instead of commas (`;`, which Excel writes where the decimal
 * separator is a comma, or a tab), when split on it the header would hold a missing column.
 */
function otherDelimiter(found: readonly string[], missing: readonly string[]): ';' | '\t' | undefined {
  return ([';', '\t'] as const).find((d) => found.some((f) => f.includes(d)) && found.flatMap((f) => f.split(d).map(normalise)).some((n) => missing.includes(n)));
}

/** Names a sentence lists at most, and the characters kept of each: a header is data too. */
const FOUND_NAMES = 10;
const NAME_CHARS = 40;

/**
 * A header name fit for a sentence: cut to NAME_CHARS characters with "…", and control and bidi
 * characters shown as visible escapes, as everything printed is (`printable`).
 */
export function shortName(name: string): string {
  const cut = [...name].length > NAME_CHARS ? `${[...name].slice(0, NAME_CHARS - 1).join('')}…` : name;
  return printable(cut);
}

function shortNames(names: readonly string[]): string[] {
  return names.slice(0, FOUND_NAMES).map(shortName);
}

/** The first FOUND_NAMES names, cut and escaped, then "and N more": never a whole row's worth of text. */
export function nameList(names: readonly string[]): string {
  const shown = shortNames(names).join(', ');
  return names.length > FOUND_NAMES ? t().nameListMore({ shown, more: fmt.count(names.length - FOUND_NAMES) }) : shown;
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * The first record of a file's text, parsed by the job's own CSV parser, so the header the job
 * streams past is the one decided here. The bytes are parsed as Latin-1 (one character per
 * byte: quotes, commas and line ends are ASCII, so the fields' bounds are those of the text in
 * either encoding) and each field is then decoded in the encoding the bytes read decide: a
 * prefix cut inside a later character does not matter. `\r` alone ends the lines when the
 * bytes hold no `\n`.
 */
function headerRecord(bytes: Buffer, complete: boolean, file: string, setting: InputEncoding): { fields: string[]; line: number; lineEnd: LineEnd; encoding: TextEncoding } {
  if (bytes.length === 0) throw emptyFile(file);
  const body = bytes.subarray(0, BOM.length).equals(BOM) ? bytes.subarray(BOM.length) : bytes;
  const lineEnd: LineEnd = body.includes(0x0a) || !body.includes(0x0d) ? 'lf' : 'cr';
  const eol = lineEnd === 'cr' ? 0x0d : 0x0a;
  // A BOM declares UTF-8: it counts as UTF-8 text, as in the job's scan of the whole file.
  const encoding = setting === 'auto' ? encodingOf(bytes, complete, file, eol) : setting;
  const parser = new CsvParser(HEADER_LIMITS, lineEnd);
  const records: string[][] = [];
  const lines: number[] = [];
  try {
    parser.push(body.toString('latin1'), records, lines, complete);
  } catch (e) {
    if (e instanceof EtlError && CSV_SYNTAX_CODES.has(e.code)) throw csvSyntaxRejection(file, e, HEADER_LIMITS);
    throw e;
  }
  if (records.length === 0) {
    if (complete) throw emptyFile(file);
    throw new FileRejectedError(ErrorCode.FILE_TOO_LARGE_RECORD, t().fileHeaderTooLong({ file, max: String(HEADER_BYTES) }), { file, line: 1 });
  }
  const line = lines[0];
  const fields = records[0].map((field) => {
    try {
      return decodeAll(Buffer.from(field, 'latin1'), encoding);
    } catch (cause) {
      if (cause instanceof BadByteError) throw badByteRejection(file, line + cause.linesBefore, cause, { cause });
      throw cause;
    }
  });
  return { fields, line, lineEnd, encoding };
}

/**
 * INPUT_ENCODING=auto on the bytes read (contract §7): valid UTF-8 is UTF-8; bytes that are
 * not UTF-8 with no multi-byte UTF-8 sequence among them are Windows-1252; both kinds mixed
 * reject the file at the line of the first byte that is not UTF-8.
 */
function encodingOf(bytes: Buffer, complete: boolean, file: string, eol: number): TextEncoding {
  const facts = utf8Facts(bytes, complete);
  if (facts.firstInvalid < 0) return 'utf-8';
  if (!facts.multibyte) return 'windows-1252';
  throw mixedEncoding(file, 1 + countByte(bytes, eol, 0, facts.firstInvalid));
}

/** The rejection of a file whose bytes mix UTF-8 with bytes that are not UTF-8, from `line` on. */
export function mixedEncoding(file: string, line: number): FileRejectedError {
  return new FileRejectedError(ErrorCode.FILE_NOT_UTF8, t().fileMixedEncoding({ file, line: fmt.id(line) }), { file, line });
}

/** The rejection of a file for a byte its encoding refuses, on `line` (see `BadByteError`). */
export function badByteRejection(file: string, line: number, bad: BadByteError, options?: { cause?: unknown }): FileRejectedError {
  const where = { file, line: fmt.id(line) };
  if (bad.kind === 'invalid') return new FileRejectedError(ErrorCode.FILE_NOT_UTF8, t().fileNotUtf8(where), { file, line }, options);
  const message = bad.kind === 'nul' ? t().fileNulByte(where) : t().fileUndefinedByte(where);
  return new FileRejectedError(ErrorCode.FILE_NOT_TEXT, message, { file, line }, options);
}

/** The warning of a file that INPUT_ENCODING=auto reads as Windows-1252. */
export function windows1252Warning(file: string): string {
  return t().fileReadAsWindows1252({ file });
}

/** The rejection of a file with no header row. */
export function emptyFile(file: string): FileRejectedError {
  return new FileRejectedError(ErrorCode.FILE_EMPTY, t().fileEmpty({ file }), { file, line: 1 });
}

/**
 * Gunzips the start of a gzip file, which may be cut anywhere (Z_SYNC_FLUSH returns what the
 * bytes hold instead of failing on the missing end). Output stops at `limit` bytes so that a
 * small, highly compressed prefix cannot blow up in memory.
 */
export function gunzipPrefix(compressed: Buffer, inputComplete: boolean, limit: number, file: string): Promise<{ bytes: Buffer; complete: boolean }> {
  return new Promise((resolve, reject) => {
    const gunzip = createGunzip({ finishFlush: constants.Z_SYNC_FLUSH });
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (complete: boolean): void => {
      if (settled) return;
      settled = true;
      gunzip.destroy();
      resolve({ bytes: Buffer.concat(chunks).subarray(0, limit), complete });
    };
    gunzip.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= limit) finish(false);
    });
    gunzip.on('end', () => finish(inputComplete));
    gunzip.on('error', (cause) => {
      if (settled) return;
      settled = true;
      reject(new FileRejectedError(ErrorCode.FILE_UNREADABLE, t().fileNotGzip({ file }), { file, line: 1 }, { cause }));
    });
    gunzip.end(compressed);
  });
}
