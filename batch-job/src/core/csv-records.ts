import { constants, type Stats } from 'node:fs';
import { type FileHandle, lstat, open } from 'node:fs/promises';
import { basename } from 'node:path';
import { TextDecoder } from 'node:util';
import { createGunzip } from 'node:zlib';
import { CSV_SYNTAX_CODES, CsvParser, type LineEnd, csvSyntaxRejection } from '../../../common/csv-parser.js';
import { ErrorCode, EtlError, FileRejectedError, ioFault, messageOf } from '../../../common/errors.js';
import { HEADER_BYTES, type HeaderDecision, decideHeader } from '../../../common/header.js';
import type { TableContract } from '../../../common/tables/contract.js';

/** Records of one file in order, with the physical line each starts on (header = line 1). */
export interface RecordBatch {
  readonly records: string[][];
  readonly lines: number[];
  /** Bytes of the (compressed) file read so far, for progress. */
  readonly bytesRead: number;
}

export interface ReadOptions {
  /** Longest record accepted, in characters; a longer one rejects the file. */
  readonly maxRecordChars?: number;
  /** Most fields a record may have; more rejects the file. */
  readonly maxFields?: number;
  /** How the file's lines end, as its header decided (default `\n` or `\r\n`). */
  readonly lineEnd?: LineEnd;
  /** Most bytes a `.csv.gz` may inflate to (MAX_INFLATED_BYTES); more rejects the file. */
  readonly maxInflatedBytes?: number;
  /** Most inflated bytes per compressed byte read (MAX_INFLATE_RATIO); more rejects the file. */
  readonly maxInflateRatio?: number;
}

export const DEFAULT_READ_LIMITS = { maxRecordChars: 1 << 20, maxFields: 1000, maxInflatedBytes: 20 * 2 ** 30, maxInflateRatio: 200 } as const;

/**
 * The inflate ratio is judged only past this many inflated bytes: the first blocks of any
 * gzip stream (a small file, a header of repeated names) can inflate far more than the rest.
 */
const RATIO_FLOOR = 1 << 20;

/**
 * Opens a table file for reading. Anything but a regular file (a FIFO, a device, a folder,
 * a symbolic link) rejects the file unread: it is checked by name before opening, then
 * opened without following a link (O_NOFOLLOW) or waiting for a FIFO's writer (O_NONBLOCK),
 * and the open file is checked again, so a swap between the two checks is caught too.
 */
export async function openTableFile(path: string): Promise<FileHandle> {
  const file = basename(path);
  let handle: FileHandle;
  try {
    const byName = await lstat(path);
    if (!byName.isFile()) throw notRegular(file, byName);
    handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (cause) {
    if (cause instanceof EtlError) throw cause;
    if ((cause as { code?: string }).code === 'ELOOP') throw notRegular(file, undefined);
    throw unreadable(file, cause);
  }
  try {
    const opened = await handle.stat();
    if (!opened.isFile()) throw notRegular(file, opened);
    return handle;
  } catch (cause) {
    await handle.close();
    throw cause instanceof EtlError ? cause : unreadable(file, cause);
  }
}

function notRegular(file: string, stats: Stats | undefined): FileRejectedError {
  const kind = !stats || stats.isSymbolicLink()
    ? 'a symbolic link'
    : stats.isFIFO()
      ? 'a named pipe (FIFO)'
      : stats.isDirectory()
        ? 'a folder'
        : stats.isCharacterDevice() || stats.isBlockDevice()
          ? 'a device'
          : stats.isSocket()
            ? 'a socket'
            : 'not a regular file';
  return new FileRejectedError(ErrorCode.FILE_NOT_REGULAR, `${file}: expected a regular file, found ${kind}; it was not read.`, { file });
}

/**
 * Decides a file's header with the pipeline's one header rule, from the file's first
 * HEADER_BYTES as stored: the bytes the upload check reads. Throws the file's rejection.
 */
export async function readHeader(path: string, contract: TableContract): Promise<HeaderDecision> {
  const file = basename(path);
  const first = Buffer.alloc(HEADER_BYTES);
  let read: number;
  let size: number;
  const handle = await openTableFile(path);
  try {
    ({ bytesRead: read } = await handle.read(first, 0, HEADER_BYTES, 0));
    ({ size } = await handle.stat());
  } catch (cause) {
    throw unreadable(file, cause);
  } finally {
    await handle.close();
  }
  const verdict = await decideHeader(first.subarray(0, read), read >= size, file, contract);
  if (verdict.status === 'rejected') throw verdict.error;
  return verdict.header;
}

/**
 * Streams a CSV file (`.csv` or `.csv.gz`) as batches of records, one batch per read chunk:
 * UTF-8 is checked strictly (a BOM is dropped), RFC 4180 quoting with embedded newlines is
 * honoured, `\n` and `\r\n` both end a record (or `\r` alone, with `lineEnd: 'cr'`), blank
 * lines are skipped. Only one chunk and an unfinished record are in memory at a time; a record
 * over the size limit or a quote that never closes rejects the file instead of growing memory.
 */
export async function* readRecords(path: string, options: ReadOptions = {}): AsyncGenerator<RecordBatch> {
  const file = basename(path);
  const limits = {
    maxRecordChars: options.maxRecordChars ?? DEFAULT_READ_LIMITS.maxRecordChars,
    maxFields: options.maxFields ?? DEFAULT_READ_LIMITS.maxFields,
  };
  const maxInflated = options.maxInflatedBytes ?? DEFAULT_READ_LIMITS.maxInflatedBytes;
  const maxRatio = options.maxInflateRatio ?? DEFAULT_READ_LIMITS.maxInflateRatio;
  const parser = new CsvParser(limits, options.lineEnd);
  // Small reads: a chunk's records are alive from parsing until they are posted, so 32 KiB
  // chunks keep the young generation's survivors few. Measured on 1 000 000 rentals: the load
  // of rentas.csv took 5.9 s with 1 MiB chunks and 1.9 s with 32 KiB ones.
  const handle = await openTableFile(path);
  const source = handle.createReadStream({ highWaterMark: 1 << 15 });
  const gzipped = path.toLowerCase().endsWith('.gz');
  // pipe() does not pass a read error on to gunzip: forward it, or the loop below would wait
  // forever while the error escapes as an uncaught exception.
  const gunzip = gzipped ? createGunzip() : undefined;
  if (gunzip) source.on('error', (e) => gunzip.destroy(e));
  const input = gunzip ? source.pipe(gunzip) : source;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let sawData = false;
  let lastLine = 1;
  let inflated = 0;
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      sawData ||= chunk.length > 0;
      if (gzipped) {
        inflated += chunk.length;
        checkInflation(file, inflated, source.bytesRead, maxInflated, maxRatio);
      }
      const records: string[][] = [];
      const lines: number[] = [];
      parser.push(decode(decoder, chunk, file, lastLine), records, lines);
      if (records.length > 0) {
        lastLine = lines[lines.length - 1];
        yield { records, lines, bytesRead: source.bytesRead };
      }
    }
    if (!sawData) throw new FileRejectedError(ErrorCode.FILE_EMPTY, `${file} is empty: expected a header row.`, { file, line: 1 });
    const records: string[][] = [];
    const lines: number[] = [];
    parser.push(decode(decoder, undefined, file, lastLine), records, lines, true);
    if (records.length > 0) yield { records, lines, bytesRead: source.bytesRead };
  } catch (e) {
    if (e instanceof FileRejectedError) throw e;
    if (e instanceof EtlError && e.code === ErrorCode.IO_FAULT) throw e;
    if (e instanceof EtlError && CSV_SYNTAX_CODES.has(e.code)) throw csvSyntaxRejection(file, e, limits);
    throw unreadable(file, e);
  } finally {
    // Also when the reader stops early: the file is closed either way.
    source.destroy();
  }
}

function decode(decoder: TextDecoder, chunk: Buffer | undefined, file: string, line: number): string {
  try {
    return chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode();
  } catch (cause) {
    throw new FileRejectedError(
      ErrorCode.FILE_NOT_UTF8,
      `${file} near line ${line}: expected UTF-8 text, found bytes that are not UTF-8 (save the file as UTF-8).`,
      { file, line },
      { cause },
    );
  }
}

/** A `.csv.gz` that inflates past the caps is refused as it streams, before it fills a disk or a day. */
function checkInflation(file: string, inflated: number, compressed: number, maxBytes: number, maxRatio: number): void {
  if (inflated > maxBytes) {
    throw new FileRejectedError(
      ErrorCode.FILE_INFLATES_TOO_MUCH,
      `${file}: expected at most ${maxBytes} bytes once inflated (MAX_INFLATED_BYTES), found more; the file was not loaded.`,
      { file },
    );
  }
  if (inflated > RATIO_FLOOR && inflated > maxRatio * compressed) {
    throw new FileRejectedError(
      ErrorCode.FILE_INFLATES_TOO_MUCH,
      `${file}: expected at most ${maxRatio} inflated bytes per compressed byte (MAX_INFLATE_RATIO), found ${inflated} bytes from ${compressed}; the file was not loaded.`,
      { file },
    );
  }
}

/**
 * A file that cannot be read is rejected, unless the machine is at fault (disk full, EIO,
 * too many open files): then the run fails with IO_FAULT and may be retried.
 */
function unreadable(file: string, cause: unknown): EtlError {
  return ioFault(cause, `reading ${file}`) ?? new FileRejectedError(ErrorCode.FILE_UNREADABLE, `${file} could not be read: ${messageOf(cause)}.`, { file }, { cause });
}
