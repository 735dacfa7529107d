import { constants, type Stats } from 'node:fs';
import { type FileHandle, lstat, open } from 'node:fs/promises';
import { basename } from 'node:path';
import { createGunzip } from 'node:zlib';
import { CSV_SYNTAX_CODES, CsvParser, type LineEnd, csvSyntaxRejection } from '../../../common/csv-parser.js';
import { ErrorCode, EtlError, FileRejectedError, ioFault, messageOf } from '../../../common/errors.js';
import { HEADER_BYTES, type HeaderDecision, badByteRejection, decideHeader, emptyFile, mixedEncoding, windows1252Warning } from '../../../common/header.js';
import { t } from '../../../common/i18n/index.js';
import type { TableContract } from '../../../common/tables/contract.js';
import { BadByteError, chunkDecoder, countByte, EncodingSniffer, type InputEncoding, type TextEncoding } from '../../../common/text-encoding.js';

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
  /** The file's encoding, as decided before its rows are read (`decideFile`); default UTF-8. */
  readonly encoding?: TextEncoding;
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
  const kinds = t().fileKind;
  const kind = !stats || stats.isSymbolicLink()
    ? kinds.link
    : stats.isFIFO()
      ? kinds.fifo
      : stats.isDirectory()
        ? kinds.folder
        : stats.isCharacterDevice() || stats.isBlockDevice()
          ? kinds.device
          : stats.isSocket()
            ? kinds.socket
            : kinds.other;
  return new FileRejectedError(ErrorCode.FILE_NOT_REGULAR, t().fileNotRegular({ file, kind }), { file });
}

/**
 * Decides a file's header with the pipeline's one header rule, from the file's first
 * HEADER_BYTES as stored: the bytes the upload check reads, under the same INPUT_ENCODING.
 * Throws the file's rejection.
 */
export async function readHeader(path: string, contract: TableContract, encoding: InputEncoding = 'auto'): Promise<HeaderDecision> {
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
  const verdict = await decideHeader(first.subarray(0, read), read >= size, file, contract, encoding);
  if (verdict.status === 'rejected') throw verdict.error;
  return verdict.header;
}

/**
 * Decides a file before any of its rows is read: its header (`readHeader`) and, under
 * INPUT_ENCODING=auto, the encoding of the whole file (contract §7), by a scan of every byte
 * (`scanEncoding`). A file that mixes UTF-8 with other bytes is rejected here, naming the line
 * of the first byte that is not UTF-8; one read as Windows-1252 gets a warning naming it.
 */
export async function decideFile(path: string, contract: TableContract, options: ReadOptions & { readonly inputEncoding: InputEncoding }): Promise<HeaderDecision> {
  const header = await readHeader(path, contract, options.inputEncoding);
  if (options.inputEncoding !== 'auto') return header;
  const verdict = await scanEncoding(path, header.lineEnd, options);
  if ('mixedAtLine' in verdict) throw mixedEncoding(basename(path), verdict.mixedAtLine);
  if (verdict.encoding === header.encoding) return header;
  // The header's bytes were all ASCII: the rest of the file decided.
  return { ...header, encoding: verdict.encoding, warnings: [windows1252Warning(basename(path)), ...header.warnings] };
}

/**
 * The encoding INPUT_ENCODING=auto gives a whole file: every byte is read once (inflated for
 * `.csv.gz`, under the same caps as the load), and the reading stops early once UTF-8 and other
 * bytes are both found; only then is the file read again up to that byte, to name its line.
 */
export async function scanEncoding(path: string, lineEnd: LineEnd, options: ReadOptions = {}): Promise<{ encoding: TextEncoding } | { mixedAtLine: number }> {
  const sniffer = new EncodingSniffer();
  for await (const { chunk } of fileBytes(path, options, SCAN_CHUNK)) {
    if (!sniffer.push(chunk)) break;
  }
  const verdict = sniffer.verdict();
  if ('encoding' in verdict) return verdict;
  const eol = lineEnd === 'cr' ? CR : LF;
  let line = 1;
  let offset = 0;
  for await (const { chunk } of fileBytes(path, options, SCAN_CHUNK)) {
    const end = Math.min(chunk.length, verdict.mixedAtByte - offset);
    line += countByte(chunk, eol, 0, end);
    offset += chunk.length;
    if (offset >= verdict.mixedAtByte) break;
  }
  return { mixedAtLine: line };
}

/** The scan holds no records, so it reads in larger chunks than the load. */
const SCAN_CHUNK = 1 << 20;
const LF = 0x0a;
const CR = 0x0d;
/**
 * Small reads for the load: a chunk's records are alive from parsing until they are posted, so
 * 32 KiB chunks keep the young generation's survivors few. Measured on 1 000 000 rentals: the
 * load of rentas.csv took 5.9 s with 1 MiB chunks and 1.9 s with 32 KiB ones.
 */
const READ_CHUNK = 1 << 15;

/**
 * The bytes of a `.csv` or `.csv.gz` file (inflated), in small chunks, with the bytes of the
 * file read so far. A `.csv.gz` that inflates past the caps is rejected as it streams; any
 * other failure to read rejects the file, unless the machine is at fault (IO_FAULT).
 */
async function* fileBytes(path: string, options: ReadOptions, chunkBytes = READ_CHUNK): AsyncGenerator<{ chunk: Buffer; bytesRead: number }> {
  const file = basename(path);
  const maxInflated = options.maxInflatedBytes ?? DEFAULT_READ_LIMITS.maxInflatedBytes;
  const maxRatio = options.maxInflateRatio ?? DEFAULT_READ_LIMITS.maxInflateRatio;
  const handle = await openTableFile(path);
  const source = handle.createReadStream({ highWaterMark: chunkBytes });
  const gzipped = path.toLowerCase().endsWith('.gz');
  // pipe() does not pass a read error on to gunzip: forward it, or the loop below would wait
  // forever while the error escapes as an uncaught exception.
  const gunzip = gzipped ? createGunzip() : undefined;
  if (gunzip) source.on('error', (e) => gunzip.destroy(e));
  const input = gunzip ? source.pipe(gunzip) : source;
  let inflated = 0;
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      if (gzipped) {
        inflated += chunk.length;
        checkInflation(file, inflated, source.bytesRead, maxInflated, maxRatio);
      }
      yield { chunk, bytesRead: source.bytesRead };
    }
  } catch (e) {
    if (e instanceof EtlError) throw e;
    throw unreadable(file, e);
  } finally {
    // Also when the reader stops early: the file is closed either way.
    source.destroy();
  }
}

/**
 * Streams a CSV file (`.csv` or `.csv.gz`) as batches of records, one batch per read chunk:
 * decoded in the file's encoding as decided (`encoding`, UTF-8 by default, checked strictly; a
 * BOM is dropped), RFC 4180 quoting with embedded newlines honoured, `\n` and `\r\n` both end a
 * record (or `\r` alone, with `lineEnd: 'cr'`), blank lines skipped. Only one chunk and an
 * unfinished record are in memory at a time; a record over the size limit or a quote that
 * never closes rejects the file instead of growing memory. A byte the encoding refuses rejects
 * the file, naming the physical line it is on.
 */
export async function* readRecords(path: string, options: ReadOptions = {}): AsyncGenerator<RecordBatch> {
  const file = basename(path);
  const limits = {
    maxRecordChars: options.maxRecordChars ?? DEFAULT_READ_LIMITS.maxRecordChars,
    maxFields: options.maxFields ?? DEFAULT_READ_LIMITS.maxFields,
  };
  const parser = new CsvParser(limits, options.lineEnd);
  const decoder = chunkDecoder(options.encoding ?? 'utf-8', options.lineEnd === 'cr' ? CR : LF);
  const decode = (chunk: Buffer | undefined): string => {
    try {
      return chunk ? decoder.decode(chunk) : decoder.end();
    } catch (e) {
      if (e instanceof BadByteError) throw badByteRejection(file, parser.endLine() + e.linesBefore, e, { cause: e });
      throw e;
    }
  };
  let sawData = false;
  let bytesRead = 0;
  try {
    for await (const read of fileBytes(path, options)) {
      sawData ||= read.chunk.length > 0;
      bytesRead = read.bytesRead;
      const records: string[][] = [];
      const lines: number[] = [];
      parser.push(decode(read.chunk), records, lines);
      if (records.length > 0) yield { records, lines, bytesRead };
    }
    if (!sawData) throw emptyFile(file);
    const records: string[][] = [];
    const lines: number[] = [];
    parser.push(decode(undefined), records, lines, true);
    if (records.length > 0) yield { records, lines, bytesRead };
  } catch (e) {
    if (e instanceof FileRejectedError) throw e;
    if (e instanceof EtlError && e.code === ErrorCode.IO_FAULT) throw e;
    if (e instanceof EtlError && CSV_SYNTAX_CODES.has(e.code)) throw csvSyntaxRejection(file, e, limits);
    throw unreadable(file, e);
  }
}

/** A `.csv.gz` that inflates past the caps is refused as it streams, before it fills a disk or a day. */
function checkInflation(file: string, inflated: number, compressed: number, maxBytes: number, maxRatio: number): void {
  if (inflated > maxBytes) {
    throw new FileRejectedError(ErrorCode.FILE_INFLATES_TOO_MUCH, t().fileInflatesTooMuch({ file, max: String(maxBytes) }), { file });
  }
  if (inflated > RATIO_FLOOR && inflated > maxRatio * compressed) {
    throw new FileRejectedError(
      ErrorCode.FILE_INFLATES_TOO_MUCH,
      t().fileInflateRatio({ file, max: String(maxRatio), inflated: String(inflated), compressed: String(compressed) }),
      { file },
    );
  }
}

/**
 * A file that cannot be read is rejected, unless the machine is at fault (disk full, EIO,
 * too many open files): then the run fails with IO_FAULT and may be retried.
 */
function unreadable(file: string, cause: unknown): EtlError {
  return ioFault(cause, t().doingRead({ file })) ?? new FileRejectedError(ErrorCode.FILE_UNREADABLE, t().fileUnreadable({ file, reason: messageOf(cause) }), { file }, { cause });
}
