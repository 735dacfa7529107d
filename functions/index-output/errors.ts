/** Why a record of the output bucket could not be indexed: callers branch on the code. */
export const IndexerErrorCode = {
  OBJECT_TOO_LARGE: 'OBJECT_TOO_LARGE',
  OBJECT_NOT_JSON: 'OBJECT_NOT_JSON',
  MANIFEST_INVALID: 'MANIFEST_INVALID',
  ERROR_FILE_INVALID: 'ERROR_FILE_INVALID',
  OBJECT_UNREADABLE: 'OBJECT_UNREADABLE',
  RECORDS_FAILED: 'RECORDS_FAILED',
} as const;
export type IndexerErrorCode = (typeof IndexerErrorCode)[keyof typeof IndexerErrorCode];

/** A record (or, with RECORDS_FAILED, an event) that cannot be indexed. */
export class IndexerError extends Error {
  readonly code: IndexerErrorCode;
  readonly bucket?: string;
  readonly key?: string;

  constructor(code: IndexerErrorCode, message: string, place: { bucket?: string; key?: string } = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'IndexerError';
    this.code = code;
    this.bucket = place.bucket;
    this.key = place.key;
  }
}

