import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { createGunzip } from 'node:zlib';
import { type Info, parse } from 'csv-parse';
import { ErrorCode, FileRejectedError } from './errors.js';

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
}

export const DEFAULT_READ_LIMITS = { maxRecordChars: 1 << 20, maxFields: 1000 } as const;

/**
 * Streams a CSV file (`.csv` or `.csv.gz`) as batches of records. UTF-8 is checked strictly
 * (a BOM is dropped), RFC 4180 quoting with embedded newlines is honoured, `\n` and `\r\n`
 * both end a record, blank lines are skipped. One read chunk at a time is in memory: the
 * parser hands each record to `on_record` synchronously and the batch is yielded per chunk.
 */
export async function* readRecords(path: string, options: ReadOptions = {}): AsyncGenerator<RecordBatch> {
  const file = basename(path);
  const maxFields = options.maxFields ?? DEFAULT_READ_LIMITS.maxFields;
  let records: string[][] = [];
  let lines: number[] = [];
  let nextLine = 1;
  let prevEnd = 0;
  let prevEmpty = 0;
  let failure: unknown;

  const parser = parse({
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    record_delimiter: ['\r\n', '\n'],
    max_record_size: options.maxRecordChars ?? DEFAULT_READ_LIMITS.maxRecordChars,
    on_record: (record: string[], context: Info) => {
      // A record starts on the line after the previous one ended, past any blank lines. The
      // parser's own line count is only trusted to say whether a record spans several lines
      // (it counts a quoted CRLF twice); then its embedded line ends are counted here.
      const blank = context.empty_lines - prevEmpty;
      const start = nextLine + blank;
      const span = context.lines - prevEnd - blank;
      nextLine = start + 1 + (span > 1 ? embeddedLineEnds(record) : 0);
      prevEnd = context.lines;
      prevEmpty = context.empty_lines;
      lines.push(start);
      if (record.length > maxFields) {
        failure ??= new FileRejectedError(
          ErrorCode.FILE_TOO_LARGE_RECORD,
          `${file} line ${lines[lines.length - 1]}: expected at most ${maxFields} columns, found ${record.length}.`,
          { file, line: lines[lines.length - 1] },
        );
      }
      records.push(record);
      return null;
    },
  });
  parser.on('error', (e) => (failure ??= csvFailure(file, e)));
  parser.resume();
  const ended = new Promise<void>((resolve) => parser.on('end', resolve).on('error', () => resolve()));

  const source = createReadStream(path, { highWaterMark: 1 << 20 });
  const input = path.toLowerCase().endsWith('.gz') ? source.pipe(createGunzip()) : source;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let decodedBytes = 0;
  let sawData = false;
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      sawData ||= chunk.length > 0;
      let text: string;
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch (cause) {
        throw notUtf8(file, prevEnd + 1, cause);
      }
      decodedBytes += chunk.length;
      parser.write(text);
      if (failure) throw failure;
      if (records.length > 0) {
        yield { records, lines, bytesRead: source.bytesRead };
        records = [];
        lines = [];
      }
    }
    try {
      const tail = decoder.decode();
      if (tail) parser.write(tail);
    } catch (cause) {
      throw notUtf8(file, prevEnd + 1, cause);
    }
  } catch (e) {
    source.destroy();
    throw e instanceof FileRejectedError ? e : unreadable(file, e);
  }
  if (!sawData || decodedBytes === 0) {
    throw new FileRejectedError(ErrorCode.FILE_EMPTY, `${file} is empty: expected a header row.`, { file, line: 1 });
  }
  parser.end();
  await ended;
  if (failure) throw failure;
  if (records.length > 0) yield { records, lines, bytesRead: source.bytesRead };
}

function embeddedLineEnds(record: readonly string[]): number {
  let n = 0;
  for (const field of record) {
    for (let i = field.indexOf('\n'); i >= 0; i = field.indexOf('\n', i + 1)) n++;
  }
  return n;
}

function notUtf8(file: string, line: number, cause: unknown): FileRejectedError {
  return new FileRejectedError(
    ErrorCode.FILE_NOT_UTF8,
    `${file} near line ${line}: expected UTF-8 text, found bytes that are not UTF-8 (save the file as UTF-8).`,
    { file, line },
    { cause },
  );
}

function unreadable(file: string, cause: unknown): FileRejectedError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new FileRejectedError(ErrorCode.FILE_UNREADABLE, `${file} could not be read: ${reason}.`, { file }, { cause });
}

function csvFailure(file: string, e: unknown): FileRejectedError {
  const err = e as { code?: string; lines?: number; message?: string };
  const line = err.lines ?? 0;
  if (err.code === 'CSV_MAX_RECORD_SIZE') {
    return new FileRejectedError(
      ErrorCode.FILE_TOO_LARGE_RECORD,
      `${file} line ${line}: expected records shorter than ${DEFAULT_READ_LIMITS.maxRecordChars} characters, found a longer one (an unclosed quote or a huge field).`,
      { file, line },
      { cause: e },
    );
  }
  if (err.code === 'CSV_QUOTE_NOT_CLOSED') {
    return new FileRejectedError(
      ErrorCode.FILE_UNREADABLE,
      `${file}: expected every quoted field to be closed, but a quote opened before line ${line} never closes.`,
      { file, line },
      { cause: e },
    );
  }
  return new FileRejectedError(
    ErrorCode.FILE_UNREADABLE,
    `${file} line ${line}: expected RFC 4180 CSV, ${err.message ?? String(e)}.`,
    { file, line },
    { cause: e },
  );
}
