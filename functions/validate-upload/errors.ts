export const ValidateUploadErrorCode = {
  CONFIG_INVALID: 'CONFIG_INVALID',
  SUBMIT_FAILED_CLAIM_LEFT: 'SUBMIT_FAILED_CLAIM_LEFT',
  CLAIM_CONFLICT: 'CLAIM_CONFLICT',
  RECORDS_FAILED: 'RECORDS_FAILED',
} as const;
export type ValidateUploadErrorCode = (typeof ValidateUploadErrorCode)[keyof typeof ValidateUploadErrorCode];

/** The upload check cannot go on for a record (or, with RECORDS_FAILED, for an event). */
export class ValidateUploadError extends Error {
  readonly code: ValidateUploadErrorCode;
  readonly batchId?: string;
  readonly key?: string;

  constructor(
    code: ValidateUploadErrorCode,
    message: string,
    place: { batchId?: string; key?: string } = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ValidateUploadError';
    this.code = code;
    this.batchId = place.batchId;
    this.key = place.key;
  }
}
