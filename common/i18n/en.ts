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
  jobSettingBatchId: 'the id of the batch to load (the folder under incoming/)',
  jobSettingJobId: 'the Batch job id',
  jobSettingInputBucket: 'the name of the input bucket',
  jobSettingOutputBucket: 'the name of the output bucket',
  jobSettingWorkDir: 'a scratch folder',
  jobNoTableFile: (p: { prefix: string }) =>
    `${p.prefix} holds no table file of the pipeline in the input bucket: nothing to load (deleted after the upload check, or a wrong BATCH_ID).`,
  jobContention: (p: { attempts: number }) =>
    `The warehouse kept changing under this job: gave up after ${fmt.count(p.attempts)} attempts (another job wins each race).`,
  jobDownloading: (p: { key: string; path: string }) => `downloading ${p.key} into ${p.path}`,
  jobWarehouseVersionNotFound: (p: { key: string; batchId: string }) =>
    `The version of ${p.key} written by batch ${p.batchId} was found neither as the current version nor among the older ones (batch id and sha256 in the object's metadata): warehouse.versionId is null.`,

  // --- upload check (functions/validate-upload) --------------------------------------------

  // --- output indexer and notifications (functions/index-output) ---------------------------

  // --- report (batch-job/src/core/report) --------------------------------------------------
};

export type Catalogue = typeof en;
