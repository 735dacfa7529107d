/** Closed set of error codes: callers branch on these, never on message text. */
export const ErrorCode = {
  CONFIG_INVALID: 'CONFIG_INVALID',
  USAGE: 'USAGE',
  HEADER_MISSING_COLUMN: 'HEADER_MISSING_COLUMN',
  HEADER_DUPLICATE_COLUMN: 'HEADER_DUPLICATE_COLUMN',
  FILE_EMPTY: 'FILE_EMPTY',
  FILE_NOT_UTF8: 'FILE_NOT_UTF8',
  FILE_UNREADABLE: 'FILE_UNREADABLE',
  FILE_TOO_LARGE_RECORD: 'FILE_TOO_LARGE_RECORD',
  RUN_FAILED: 'RUN_FAILED',
  WAREHOUSE_SCHEMA_NEWER: 'WAREHOUSE_SCHEMA_NEWER',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface ErrorPlace {
  table?: string;
  file?: string;
  line?: number;
  column?: string;
}

/** Base error of the pipeline: a code from a closed set, a place, and one sentence. */
export class EtlError extends Error {
  readonly code: ErrorCode;
  readonly table?: string;
  readonly file?: string;
  readonly line?: number;
  readonly column?: string;

  constructor(code: ErrorCode, message: string, place: ErrorPlace = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EtlError';
    this.code = code;
    this.table = place.table;
    this.file = place.file;
    this.line = place.line;
    this.column = place.column;
  }
}

/** A whole file cannot be loaded (bad header, empty, not UTF-8, unreadable). */
export class FileRejectedError extends EtlError {
  constructor(code: ErrorCode, message: string, place: ErrorPlace = {}, options?: { cause?: unknown }) {
    super(code, message, place, options);
    this.name = 'FileRejectedError';
  }
}

/** A setting from the environment is not usable. */
export class ConfigError extends EtlError {
  constructor(message: string) {
    super(ErrorCode.CONFIG_INVALID, message);
    this.name = 'ConfigError';
  }
}
