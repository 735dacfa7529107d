import { fmt } from './format.js';

/**
 * The English catalogue: every human sentence of the project, by key. It is also the shape
 * every other language's catalogue must have (`Catalogue`), so a third language is one file
 * that the compiler checks key by key and parameter by parameter.
 *
 * A sentence that takes values is a function of one object of named values; numbers in it go
 * through `fmt` (counts with separators, ids plain, money with `$`). Keys are grouped by area;
 * add a key in its area's section.
 */
export const en = {
  // --- settings (common/settings.ts) -------------------------------------------------------
  settingNotSet: (p: { name: string; what: string; got: string }) => `${p.name} is not set: expected ${p.what}, got ${p.got}.`,
  settingNotWholeNumber: (p: { name: string; min: number; max: number; got: string }) =>
    `${p.name} must be a whole number from ${p.min} to ${p.max}, got ${p.got}.`,
  settingNotChoice: (p: { name: string; choices: string; got: string }) => `${p.name} must be one of ${p.choices}, got ${p.got}.`,

  // --- machine faults (common/errors.ts) ---------------------------------------------------
  ioFaultName: {
    ENOSPC: 'disk full',
    EDQUOT: 'disk quota exceeded',
    EIO: 'input/output error',
    EMFILE: 'too many open files in this process',
    ENFILE: 'too many open files on this system',
    EROFS: 'read-only file system',
    SQLITE_FULL: 'disk full',
    SQLITE_IOERR: 'input/output error',
  } as Readonly<Record<string, string>>,
  ioFault: (p: { fault: string; code: string; doing: string }) =>
    `${p.fault} (${p.code}) while ${p.doing}: the run stopped and changed nothing; run it again once the machine is fixed.`,

  // --- files and headers (common/header.ts, common/csv-parser.ts, row source) --------------

  // --- row rules and reject reasons (common/tables) ----------------------------------------

  // --- batch contents, warehouse and run (batch-job/src/core) ------------------------------

  // --- command line and summary (batch-job/src/cli*.ts) ------------------------------------

  // --- Batch job (batch-job/src/job*.ts, aws/) ---------------------------------------------

  // --- upload check (functions/validate-upload) --------------------------------------------
  uploadSettingInputBucket: 'the name of the input bucket',
  uploadSettingOutputBucket: 'the name of the output bucket',
  uploadSettingJobQueue: 'the name or ARN of the Batch job queue',
  uploadSettingJobDefinition: 'the name or ARN of the Batch job definition',
  uploadLog: {
    ignored: 'upload ignored',
    rejected: 'file rejected',
    accepted: 'file accepted',
    waiting: 'batch waiting',
    gone: 'object gone',
    submitted: 'job submitted',
    'already-claimed': 'batch already claimed',
    malformed: 'record malformed',
    failed: 'record failed',
  },
  uploadValueKind: {
    null: 'null',
    list: 'a list',
    object: 'an object',
    string: 'a string',
    number: 'a number',
    boolean: 'a boolean',
    other: 'a value of another kind',
  } as Readonly<Record<string, string>>,
  uploadRecordProblem: {
    eventNameNotText: 'has an eventName that is not a text',
    noS3: 'has no s3 field',
    noKey: 'has no s3.object.key',
    noBucket: 'has no s3.bucket.name',
  },
  uploadRecordNotObject: (p: { kind: string }) => `is ${p.kind}, not an S3 record`,
  uploadRecordMalformed: (p: { index: number; total: number; problem: string }) =>
    `record ${fmt.id(p.index)} of ${fmt.count(p.total)} of the event ${p.problem}; skipped.`,
  uploadRecordsNotList: (p: { kind: string }) => `the event's Records is ${p.kind}, not a list; skipped.`,
  uploadKeyIgnored: {
    notUrlEncoded: 'the key is not valid URL-encoded UTF-8',
    controlCharacters: 'the key contains control characters',
    outsideIncoming: 'the key is outside incoming/',
    emptySegment: 'the key has an empty path segment (//)',
    dotSegment: 'the key has a . or .. path segment',
    backslash: 'the key contains a backslash',
    folder: 'the key is a folder, not a file',
    notInBatch: 'the file is not inside a batch folder',
    nested: 'the file is in a nested folder, not directly in a batch folder',
  },
  uploadBatchIdTooLong: (p: { max: number }) => `the batch id is longer than ${fmt.count(p.max)} characters`,
  uploadNotCreation: (p: { event: string }) => `the event ${p.event} is not an object creation`,
  uploadOtherBucket: (p: { bucket: string; input: string }) => `the bucket ${p.bucket} is not the input bucket ${p.input}`,
  uploadNotATable: (p: { file: string; table?: string; names: string }) =>
    p.table === undefined
      ? `${p.file} is not loaded: a batch folder holds only ${p.names} (or the same names ending in .csv.gz) and _SUCCESS. Rename it if it holds one of these tables, else remove it.`
      : `${p.file} is not loaded: its name is not ${p.table}.csv. If it holds the ${p.table} table, upload it again named ${p.table}.csv (from Excel: Save As, "CSV UTF-8").`,
  uploadGone: 'the object was deleted before it could be read',
  uploadSecondFile: (p: { file: string; chosen: string; table: string }) => `${p.file} ignored: ${p.chosen} is the ${p.table} file of this batch.`,
  uploadMarkerNoTable: (p: { marker: string }) => `${p.marker} is there but no table file yet; the first one to arrive submits the batch`,
  uploadMarkerGone: (p: { marker: string }) => `${p.marker} was deleted before the batch was submitted`,
  uploadWaiting: (p: { missing: string; marker: string }) => `waiting for ${p.missing} or ${p.marker}`,
  uploadWaitingInvalid: (p: { files: string }) => `all files are there but not valid: ${p.files}`,
  uploadAlreadyClaimed: (p: { marker: string }) => `${p.marker} exists: the batch was submitted by another event`,
  uploadClaimLeft: (p: { batchId: string; marker: string }) =>
    `SubmitJob failed for batch ${p.batchId} and the claim ${p.marker} could not be deleted; delete it so that the batch can be submitted again.`,
  uploadClaimNotUpdated: (p: { marker: string; error: string }) => `the claim ${p.marker} could not be updated with the job id: ${p.error}`,
  uploadRecordsFailed: (p: { failed: number; total: number; errors: string }) => `${fmt.count(p.failed)} of ${fmt.count(p.total)} records failed: ${p.errors}`,
  uploadNoJobId: (p: { batchId: string }) => `SubmitJob for batch ${p.batchId} returned no jobId.`,
  uploadClaimConflict: (p: { place: string; attempts: number }) =>
    `${p.place}: expected the conditional create to settle, got 409 ConditionalRequestConflict ${fmt.count(p.attempts)} times.`,

  // --- output indexer and notifications (functions/index-output) ---------------------------
  indexSettingQueueUrl: 'the URL of the notifications queue',
  indexLog: {
    notSent: 'notifications not sent',
    sent: 'notifications sent',
    notIndexed: 'record not indexed',
    skipped: 'record skipped',
  },
  indexRecordsFailed: (p: { failed: number; errors: string }) => `${fmt.count(p.failed)} record(s) could not be indexed. ${p.errors}`,
  indexObjectUnreadable: (p: { place: string; reason: string }) => `${p.place} could not be read (${p.reason}).`,
  indexObjectTooLarge: (p: { place: string; max: number }) => `${p.place} is larger than ${fmt.count(p.max)} bytes; it is not read.`,
  indexObjectNotJson: (p: { place: string; reason: string }) => `${p.place} is not valid JSON (${p.reason}).`,
  indexNotManifest: (p: { place: string; problem: string }) => `${p.place} is not a manifest: ${p.problem}.`,
  indexNotRejection: (p: { place: string; problem: string }) => `${p.place} is not a rejection record: ${p.problem}.`,
  indexProblem: {
    notObject: 'expected a JSON object',
    outputsNotList: 'outputs must be a list',
    tablesNotObject: 'tables must be an object',
    errorNotSentence: 'error must be a sentence',
  },
  indexBadStatus: (p: { got: string }) => `status must be succeeded, partial or failed, got ${p.got}`,
  indexBadOutput: (p: { index: number }) => `outputs[${fmt.id(p.index)}] must have a path, bytes, sha256 and kind`,
  // The marker that ends a cut text keeps plain digits, so that a consumer can read the counts back.
  indexCutBytes: (p: { bytes: number; where?: string }) =>
    p.where === undefined ? `… [cut: ${fmt.id(p.bytes)} more bytes]` : `… [cut: ${fmt.id(p.bytes)} more bytes, full text in ${p.where}]`,
  indexCutItems: (p: { left: number; total: number; where?: string }) =>
    p.where === undefined
      ? `… [cut: ${fmt.id(p.left)} more of ${fmt.id(p.total)}]`
      : `… [cut: ${fmt.id(p.left)} more of ${fmt.id(p.total)}, full text in ${p.where}]`,
  indexDeliveryFailed: (p: { failed: number; attempts: number; listed: string; more: number }) =>
    `${fmt.count(p.failed)} notification(s) could not be sent to SQS after ${fmt.count(p.attempts)} attempt(s): ${p.listed}${p.more > 0 ? `; and ${fmt.count(p.more)} more` : ''}.`,
  indexDeliveryNoMessage: 'no message',

  // --- report (batch-job/src/core/report) --------------------------------------------------
};

export type Catalogue = typeof en;
