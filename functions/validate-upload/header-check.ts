import { constants, createGunzip } from 'node:zlib';
import { ErrorCode, FileRejectedError } from '../../common/errors.js';
import { headerFromPrefix, matchHeader } from '../../common/header.js';
import type { TableKey } from '../../common/manifest.js';
import { contractFor } from '../../common/tables/index.js';

/** At most this many bytes of an object are read, whatever its size (Range: bytes=0-65535). */
export const HEADER_BYTES = 65_536;

/** The first bytes of an object and its whole size (from Content-Range). */
export interface ObjectRange {
  bytes: Buffer;
  totalSize: number;
}

/** Port: reads the first bytes of an object; `undefined` when the object does not exist (any more). */
export type ReadRange = (key: string, start: number, end: number) => Promise<ObjectRange | undefined>;

export type HeaderCheck =
  | { status: 'ok'; header: string[]; warnings: readonly string[] }
  | { status: 'rejected'; error: FileRejectedError; found: string[] }
  | { status: 'gone' };

/**
 * Checks the header row of one uploaded file from its first 64 KiB (gunzipped first for
 * `.csv.gz`). A bad header, an empty file or bytes that are not UTF-8 come back as
 * `rejected` with the error; an object deleted since the event as `gone`.
 */
export async function checkHeader(readRange: ReadRange, key: string, file: string, table: TableKey): Promise<HeaderCheck> {
  const range = await readRange(key, 0, HEADER_BYTES - 1);
  if (!range) return { status: 'gone' };
  let found: string[] = [];
  try {
    const readWhole = range.bytes.length >= range.totalSize;
    const text = file.toLowerCase().endsWith('.gz')
      ? await gunzipPrefix(range.bytes, readWhole, HEADER_BYTES, file)
      : { bytes: range.bytes, complete: readWhole };
    const header = headerFromPrefix(text.bytes, file, text.complete);
    if (!header) {
      throw new FileRejectedError(
        ErrorCode.FILE_TOO_LARGE_RECORD,
        `${file} line 1: expected the header row within the first ${HEADER_BYTES} bytes, found no line end.`,
        { table, file, line: 1 },
      );
    }
    found = header;
    const match = matchHeader(header, contractFor(table), file);
    return { status: 'ok', header, warnings: match.warnings };
  } catch (error) {
    if (error instanceof FileRejectedError) return { status: 'rejected', error, found };
    throw error;
  }
}

/**
 * Gunzips the start of a gzip file, which may be cut anywhere (Z_SYNC_FLUSH returns what the
 * bytes hold instead of failing on the missing end). Output stops at `limit` bytes so that a
 * small, highly compressed prefix cannot blow up in memory.
 */
export function gunzipPrefix(
  compressed: Buffer,
  inputComplete: boolean,
  limit: number,
  file: string,
): Promise<{ bytes: Buffer; complete: boolean }> {
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
      reject(
        new FileRejectedError(ErrorCode.FILE_UNREADABLE, `${file}: expected gzip-compressed data, found bytes that do not gunzip.`, {
          file,
          line: 1,
        }, { cause }),
      );
    });
    gunzip.end(compressed);
  });
}

/** The body of `rejected/<batch-id>/<file>.error.json`. */
export interface RejectionDocument {
  batchId: string;
  file: string;
  key: string;
  bucket: string;
  table: TableKey;
  code: string;
  error: string;
  expected: string[];
  found: string[];
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
