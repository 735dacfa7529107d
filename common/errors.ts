import { t } from './i18n/index.js';

/**
 * The one closed set of error codes of the pipeline, for the ETL core, the Batch job, the CLI
 * and both Lambdas. Callers branch on these, never on message text.
 */
export const ErrorCode = {
  // Settings and usage: fix the environment or the command line, a retry cannot help.
  CONFIG_INVALID: 'CONFIG_INVALID',
  USAGE: 'USAGE',
  // A file rejected whole (FileRejectedError).
  HEADER_MISSING_COLUMN: 'HEADER_MISSING_COLUMN',
  HEADER_DUPLICATE_COLUMN: 'HEADER_DUPLICATE_COLUMN',
  FILE_EMPTY: 'FILE_EMPTY',
  // Not UTF-8 under INPUT_ENCODING=utf-8, or UTF-8 mixed with other bytes under auto.
  FILE_NOT_UTF8: 'FILE_NOT_UTF8',
  // Bytes no text holds: a NUL (UTF-16, binary), or a byte Windows-1252 leaves undefined.
  FILE_NOT_TEXT: 'FILE_NOT_TEXT',
  FILE_UNREADABLE: 'FILE_UNREADABLE',
  FILE_TOO_LARGE_RECORD: 'FILE_TOO_LARGE_RECORD',
  FILE_NOT_REGULAR: 'FILE_NOT_REGULAR',
  FILE_INFLATES_TOO_MUCH: 'FILE_INFLATES_TOO_MUCH',
  // More ids than the in-memory id sets hold (duplicate and foreign-key checks).
  IDS_TOO_MANY: 'IDS_TOO_MANY',
  // The CSV parser's findings, before the reader names the file (then FILE_*).
  CSV_UNCLOSED_QUOTE: 'CSV_UNCLOSED_QUOTE',
  CSV_TEXT_AFTER_QUOTE: 'CSV_TEXT_AFTER_QUOTE',
  CSV_RECORD_TOO_LONG: 'CSV_RECORD_TOO_LONG',
  CSV_TOO_MANY_FIELDS: 'CSV_TOO_MANY_FIELDS',
  CSV_MIXED_LINE_ENDS: 'CSV_MIXED_LINE_ENDS',
  // The batch folder holds none of the table files (contract §7): exit 1, nothing written.
  BATCH_EMPTY: 'BATCH_EMPTY',
  // A run that cannot go on.
  RUN_FAILED: 'RUN_FAILED',
  WORKER_FAILED: 'WORKER_FAILED',
  // The machine failed the run (disk full, EIO, too many open files): not the input's fault, worth a retry.
  IO_FAULT: 'IO_FAULT',
  WAREHOUSE_CONTENTION: 'WAREHOUSE_CONTENTION',
  WAREHOUSE_SCHEMA_NEWER: 'WAREHOUSE_SCHEMA_NEWER',
  WAREHOUSE_SCHEMA_MISMATCH: 'WAREHOUSE_SCHEMA_MISMATCH',
  // Another run holds the warehouse's lock (or another program holds the file) past the wait.
  WAREHOUSE_LOCKED: 'WAREHOUSE_LOCKED',
  // The --db path is a folder or not a SQLite file.
  WAREHOUSE_UNUSABLE: 'WAREHOUSE_UNUSABLE',
  // --out (or the warehouse's folder) is a file, read-only or otherwise not writable.
  OUTPUT_UNUSABLE: 'OUTPUT_UNUSABLE',
  // An output path is one of the batch's input files (or --out is the --input folder).
  OUTPUT_OVERWRITES_INPUT: 'OUTPUT_OVERWRITES_INPUT',
  // The upload check (validate-upload).
  // An object in a batch folder that is neither a table file nor _SUCCESS (`rentas.txt`).
  FILE_NOT_A_TABLE: 'FILE_NOT_A_TABLE',
  SUBMIT_FAILED_CLAIM_LEFT: 'SUBMIT_FAILED_CLAIM_LEFT',
  SUBMIT_NO_JOB_ID: 'SUBMIT_NO_JOB_ID',
  CLAIM_CONFLICT: 'CLAIM_CONFLICT',
  // An S3 event record without the fields of one (null, no s3.object.key): logged and skipped.
  EVENT_RECORD_MALFORMED: 'EVENT_RECORD_MALFORMED',
  // The indexer (index-output).
  OBJECT_TOO_LARGE: 'OBJECT_TOO_LARGE',
  OBJECT_NOT_JSON: 'OBJECT_NOT_JSON',
  OBJECT_UNREADABLE: 'OBJECT_UNREADABLE',
  MANIFEST_INVALID: 'MANIFEST_INVALID',
  ERROR_FILE_INVALID: 'ERROR_FILE_INVALID',
  NOTIFICATION_DELIVERY_FAILED: 'NOTIFICATION_DELIVERY_FAILED',
  // Several records of one Lambda event failed; the cause holds the first.
  RECORDS_FAILED: 'RECORDS_FAILED',
  // A broken assumption of the code itself, not of its input.
  INTERNAL: 'INTERNAL',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/**
 * The stable code of each reason a row is rejected for (contract §7): the manifest's
 * `rejectReasons` and the summaries group by it; the sentence in the rejects file is in the
 * run's language, the code never changes.
 */
export const RejectCode = {
  EMPTY_TEXT: 'EMPTY_TEXT',
  BAD_ID: 'BAD_ID',
  OUT_OF_RANGE: 'OUT_OF_RANGE',
  BAD_NUMBER: 'BAD_NUMBER',
  BAD_EMAIL: 'BAD_EMAIL',
  BAD_DATE: 'BAD_DATE',
  DATE_ORDER: 'DATE_ORDER',
  FIELD_COUNT: 'FIELD_COUNT',
  DUPLICATE_ID: 'DUPLICATE_ID',
  UNKNOWN_REFERENCE: 'UNKNOWN_REFERENCE',
} as const;
export type RejectCode = (typeof RejectCode)[keyof typeof RejectCode];

const CODES = new Set<string>(Object.values(ErrorCode));

/** Where an error happened: in a table file, a batch, an object of a bucket. */
export interface ErrorPlace {
  table?: string;
  file?: string;
  line?: number;
  column?: string;
  batchId?: string;
  bucket?: string;
  key?: string;
}

const PLACE_FIELDS = ['table', 'file', 'line', 'column', 'batchId', 'bucket', 'key'] as const satisfies readonly (keyof ErrorPlace)[];

/** Base error of the pipeline: a code from the closed set, a place, a cause, and one sentence. */
export class EtlError extends Error {
  readonly code: ErrorCode;
  readonly table?: string;
  readonly file?: string;
  readonly line?: number;
  readonly column?: string;
  readonly batchId?: string;
  readonly bucket?: string;
  readonly key?: string;

  constructor(code: ErrorCode, message: string, place: ErrorPlace = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EtlError';
    this.code = code;
    this.table = place.table;
    this.file = place.file;
    this.line = place.line;
    this.column = place.column;
    this.batchId = place.batchId;
    this.bucket = place.bucket;
    this.key = place.key;
  }

  /** The place fields that are set. */
  get place(): ErrorPlace {
    return Object.fromEntries(PLACE_FIELDS.flatMap((field) => (this[field] === undefined ? [] : [[field, this[field]]])));
  }
}

/** A whole file cannot be loaded (bad header, empty, not UTF-8, unreadable): the run goes on without it. */
export class FileRejectedError extends EtlError {
  constructor(code: ErrorCode, message: string, place: ErrorPlace = {}, options?: { cause?: unknown }) {
    super(code, message, place, options);
    this.name = 'FileRejectedError';
  }
}

/** A setting from the environment is not usable: the entry point stops before doing anything. */
export class ConfigError extends EtlError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(ErrorCode.CONFIG_INVALID, message, {}, options);
    this.name = 'ConfigError';
  }
}

/** An EtlError as it crosses a worker thread's message port (an Error loses its class there). */
export interface SerializedError {
  readonly name: string;
  readonly code: ErrorCode;
  readonly message: string;
  readonly place: ErrorPlace;
}

/** How each class a worker may throw is rebuilt; any other name comes back as the base class. */
const REBUILD: Record<string, (code: ErrorCode, message: string, place: ErrorPlace) => EtlError> = {
  EtlError: (code, message, place) => new EtlError(code, message, place),
  FileRejectedError: (code, message, place) => new FileRejectedError(code, message, place),
  ConfigError: (_code, message) => new ConfigError(message),
};

/**
 * The serializable form of an error thrown in a worker thread. An error that is not an
 * EtlError is first given a code and a sentence by `wrap`, as the receiving side would
 * have done had it thrown there.
 */
export function serializeError(e: unknown, wrap: (e: unknown) => EtlError): SerializedError {
  const err = e instanceof EtlError ? e : wrap(e);
  return { name: err.name, code: err.code, message: err.message, place: err.place };
}

/** Rebuilds the error a worker serialized, with its class, code, message and place. */
export function deserializeError(s: SerializedError): EtlError {
  const code = CODES.has(s.code) ? s.code : ErrorCode.INTERNAL;
  const rebuild = Object.hasOwn(REBUILD, s.name) ? REBUILD[s.name] : REBUILD.EtlError;
  return rebuild(code, s.message, s.place);
}

/** A sentence for an unknown thrown value: its message if it is an Error. */
export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Faults of the machine rather than of the input, by the code Node (errno) or SQLite gives
 * them, and how a sentence names them. A file is never rejected for one of these: the run
 * fails and may succeed again once the fault is gone.
 */
const IO_FAULTS = new Set(['ENOSPC', 'EDQUOT', 'EIO', 'EMFILE', 'ENFILE', 'EROFS', 'SQLITE_FULL', 'SQLITE_IOERR']);

function ioFaultName(e: unknown): string | undefined {
  const code = e !== null && typeof e === 'object' ? (e as { code?: unknown }).code : undefined;
  if (typeof code !== 'string') return undefined;
  // SQLite's extended codes (SQLITE_IOERR_WRITE, SQLITE_IOERR_FSYNC...) share their base's meaning.
  const base = code.startsWith('SQLITE_IOERR') ? 'SQLITE_IOERR' : code;
  return IO_FAULTS.has(base) ? base : undefined;
}

/** Whether a thrown value (or the cause of an EtlError) is a fault of the machine (see IO_FAULTS). */
export function isIoFault(e: unknown): boolean {
  if (e instanceof EtlError) return e.code === ErrorCode.IO_FAULT || (e.cause !== undefined && ioFaultName(e.cause) !== undefined);
  return ioFaultName(e) !== undefined;
}

/**
 * The IO_FAULT error for a fault of the machine met while `doing` something ("writing
 * /out/rejects/rentas.csv"), or undefined when `e` is no such fault. An EtlError that is
 * already an IO_FAULT is returned as it is.
 */
export function ioFault(e: unknown, doing: string): EtlError | undefined {
  if (e instanceof EtlError) return e.code === ErrorCode.IO_FAULT ? e : undefined;
  const name = ioFaultName(e);
  if (name === undefined) return undefined;
  const code = (e as { code: string }).code;
  return new EtlError(ErrorCode.IO_FAULT, t().ioFault({ fault: t().ioFaultName[name], code, doing }), {}, { cause: e });
}
