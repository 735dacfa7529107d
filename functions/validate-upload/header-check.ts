import { ErrorCode, type FileRejectedError } from '../../common/errors.js';
import { HEADER_BYTES, decideHeader } from '../../common/header.js';
import type { TableKey } from '../../common/manifest.js';
import { t } from '../../common/i18n/index.js';
import { INPUT_SUFFIXES, TABLES, contractFor } from '../../common/tables/index.js';
import { probableTable } from '../../common/tables/file-names.js';
import type { InputEncoding } from '../../common/text-encoding.js';

export { HEADER_BYTES } from '../../common/header.js';

/** The first bytes of an object and its whole size (from Content-Range). */
export interface ObjectRange {
  bytes: Buffer;
  totalSize: number;
}

/** Port: reads the first bytes of an object; `undefined` when the object does not exist (any more). */
export type ReadRange = (key: string, start: number, end: number) => Promise<ObjectRange | undefined>;

export type HeaderCheck =
  | { status: 'ok'; header: readonly string[]; warnings: readonly string[] }
  | { status: 'rejected'; error: FileRejectedError; found: readonly string[] }
  | { status: 'gone' };

/**
 * Checks the header row of one uploaded file from its first 64 KiB with the pipeline's one
 * header rule (`decideHeader`, which the job applies too), under INPUT_ENCODING: a bad
 * header, an empty file or bytes its encoding refuses (under `auto`, UTF-8 mixed with other
 * bytes) come back as `rejected` with the error; an object deleted since the event as `gone`.
 */
export async function checkHeader(readRange: ReadRange, key: string, file: string, table: TableKey, encoding: InputEncoding = 'auto'): Promise<HeaderCheck> {
  const range = await readRange(key, 0, HEADER_BYTES - 1);
  if (!range) return { status: 'gone' };
  const verdict = await decideHeader(range.bytes, range.bytes.length >= range.totalSize, file, contractFor(table), encoding);
  if (verdict.status === 'rejected') return verdict;
  return { status: 'ok', header: verdict.header.fields, warnings: verdict.header.warnings };
}

/**
 * The body of `rejected/<batch-id>/<file>.error.json`. For a file that is no table's,
 * `table` is the table its name probably meant (or null) and `expected`/`found` are empty.
 */
export interface RejectionDocument {
  batchId: string;
  file: string;
  key: string;
  bucket: string;
  table: TableKey | null;
  code: string;
  error: string;
  expected: string[];
  found: readonly string[];
  checkedAt: string;
}

/** Where the rejection of a file is written in the output bucket. */
export function rejectionKey(batchId: string, file: string): string {
  return `rejected/${batchId}/${file}.error.json`;
}

export function rejectionDocument(
  place: { batchId: string; file: string; key: string; bucket: string; table: TableKey },
  check: Extract<HeaderCheck, { status: 'rejected' }>,
  now: Date,
): RejectionDocument {
  return {
    ...place,
    code: check.error.code,
    error: check.error.message,
    expected: [...contractFor(place.table, now).columns],
    found: check.found,
    checkedAt: now.toISOString(),
  };
}

/** The rejection of an object in a batch folder that is neither a table file nor `_SUCCESS` (`rentas.txt`, `Rentas (1).csv`). */
export function notATableDocument(place: { batchId: string; file: string; key: string; bucket: string }, now: Date): RejectionDocument {
  const table = probableTable(place.file) ?? null;
  const names = TABLES.map((d) => `${d.fileBase}${INPUT_SUFFIXES[0]}`).join(', ');
  return {
    ...place,
    table,
    code: ErrorCode.FILE_NOT_A_TABLE,
    error: t().uploadNotATable({ file: place.file, table: table ?? undefined, names }),
    expected: [],
    found: [],
    checkedAt: now.toISOString(),
  };
}
