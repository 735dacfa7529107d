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

  // run, batch contents and row checks
  inputNotFolder: (p: { dir: string }) => `--input ${p.dir}: expected a folder holding the batch's CSV files, but it cannot be read.`,
  batchEmpty: (p: { dir: string; holds: string }) =>
    `${p.dir} holds none of the four table files (vehiculos.csv, puntos_renta.csv, clientes.csv, rentas.csv, each also as .csv.gz): ${p.holds}. Nothing was loaded and the warehouse is unchanged; put the files in the folder under those names and run again.`,
  folderIsEmpty: 'the folder is empty',
  folderHolds: (p: { names: string; more: number }) => `it holds ${p.names}${p.more > 0 ? ` and ${fmt.count(p.more)} more` : ''}`,
  folderEntryMeant: (p: { name: string; file: string }) => `${p.name} (${p.file}?)`,
  tableFileDuplicates: (p: { others: string; chosen: string; table: string }) => `${p.others} ignored: ${p.chosen} is the ${p.table} file of this batch.`,
  strayFileMeant: (p: { name: string; file: string; table: string }) =>
    `${p.name} was not loaded: it is not a table file. If it is this batch's ${p.table} file, save it as ${p.file} (in Excel: "CSV UTF-8") and run the batch again.`,
  strayFileBeside: (p: { name: string; file: string; table: string }) =>
    `${p.name} was not loaded: it is not a table file, and ${p.file} is this batch's ${p.table} file.`,
  strayFile: (p: { name: string }) =>
    `${p.name} was not loaded: its name is not one of vehiculos.csv, puntos_renta.csv, clientes.csv, rentas.csv.`,
  folderOfDb: 'The folder of --db',
  runFailed: (p: { message: string }) => `The ETL run failed: ${p.message}.`,
  doingWriteBuild: (p: { path: string }) => `writing the warehouse build ${p.path}`,
  doingWrite: (p: { path: string }) => `writing ${p.path}`,
  fileEmpty: (p: { file: string }) => `${p.file} is empty: expected a header row.`,
  tooManyIds: (p: { file: string; line: number; expected: string }) =>
    `${p.file} line ${fmt.id(p.line)}: too many distinct ids to check for duplicates in memory: ${p.expected}.`,
  idsOfFile: (p: { file: string }) => `the ids of ${p.file}`,
  idsReferenced: (p: { table: string; column: string }) => `the ${p.table} ids this file's ${p.column} may point at`,
  rejectFieldCount: (p: { expected: number; found: number }) => `expected ${fmt.count(p.expected)} fields as in the header, found ${fmt.count(p.found)}`,
  rejectInColumn: (p: { column: string; message: string }) => `column ${p.column}: ${p.message}`,
  rejectDuplicateId: (p: { column: string; id: number }) =>
    `column ${p.column}: expected a unique id, got ${fmt.id(p.id)} again (an earlier line of this file has it)`,
  rejectUnknownReference: (p: { column: string; table: string; id: number }) => `column ${p.column}: expected an existing ${p.table} id, got ${fmt.id(p.id)}`,
  rejectUnknownReferenceAbsent: (p: { column: string; table: string; id: number; file: string }) =>
    `column ${p.column}: expected an existing ${p.table} id, got ${fmt.id(p.id)}; ${p.file} was not in this batch and the warehouse has no such id: add ${p.file} to the batch`,

  // --- command line and summary (batch-job/src/cli*.ts) ------------------------------------
  cliUsage: 'usage: npm run etl -- --input DIR --out DIR [--db FILE] [--batch-id ID] [--full-export] [--json] [--no-worker]',
  cliUsageError: (p: { problem: string; usage: string }) => `${p.problem}; ${p.usage}.`,
  cliInputOutRequired: '--input and --out are required',
  cliUnexpected: (p: { detail: string }) => `unexpected failure: ${p.detail}`,
  cliAllRejected: (p: { file: string; count: number; rejects: string }) =>
    `every data row of ${p.file} was rejected (${fmt.count(p.count)} rows), so none of it was loaded; the reasons are in ${p.rejects}.`,
  progressTable: (p: { file: string; percent: number; rows: number }) => `${p.file}: ${p.percent}% (${fmt.count(p.rows)} rows)`,
  progressAggregate: 'building the aggregate...',
  progressExports: 'writing exports...',
  summaryBatch: (p: { batchId: string; status: 'succeeded' | 'partial' | 'failed' }) => `Batch ${p.batchId}: ${p.status}`,
  summaryColumns: ['table', 'file', 'status', 'read', 'inserted', 'updated', 'unchanged', 'rejected'] as readonly string[],
  tableStatus: { loaded: 'loaded', rejected: 'rejected', missing: 'missing' } as Readonly<Record<'loaded' | 'rejected' | 'missing', string>>,
  summaryError: (p: { message: string }) => `error: ${p.message}`,
  summaryWarning: (p: { message: string }) => `warning: ${p.message}`,
  summaryRejected: (p: { table: string; count: number; path: string }) => `${fmt.count(p.count)} ${p.table} row(s) rejected: see ${p.path}`,
  summaryAllRejected: (p: { file: string }) => `every data row of ${p.file} was rejected: none of it was loaded`,
  summaryReason: (p: { code: string; what: string; column?: string; count: number; line: number }) =>
    `  ${p.code} (${p.what})${p.column ? ` in ${p.column}` : ''}: ${fmt.count(p.count)} row(s), first at line ${fmt.id(p.line)}`,
  summaryReasonAbsent: (p: { file: string }) => `; ${p.file} was not in this batch`,
  summaryMoreReasons: (p: { count: number }) => `  and ${fmt.count(p.count)} other reason(s): see the rejects file`,
  rejectCodeName: {
    EMPTY_TEXT: 'empty',
    BAD_ID: 'not a valid id',
    OUT_OF_RANGE: 'out of range',
    BAD_NUMBER: 'not a number',
    BAD_EMAIL: 'not an e-mail address',
    BAD_DATE: 'not a date',
    DATE_ORDER: 'dates out of order',
    FIELD_COUNT: 'wrong number of fields',
    DUPLICATE_ID: 'repeated id',
    UNKNOWN_REFERENCE: 'unknown id',
  } as Readonly<Record<string, string>>,
  summaryRejectsCapped: (p: { table: string; written: number; rest: number }) =>
    `only the first ${fmt.count(p.written)} ${p.table} reject(s) were written there (MAX_REJECTS_WRITTEN); the other ${fmt.count(p.rest)} are counted only`,
  summaryNotInBatch: (p: { tables: string }) => `Not in this batch: ${p.tables}; those tables keep what the warehouse already held.`,
  summaryTop: (p: { count: number; table: string; rows: number }) =>
    `Top ${fmt.count(p.count)} ${p.count === 1 ? 'vehicle' : 'vehicles'} (${p.table}: ${fmt.count(p.rows)} rows)`,
  summaryTopColumns: ['#', 'id', 'marca', 'modelo', 'anio', 'rentas', 'avg days', 'ingresos'] as readonly string[],
  summaryNoRentals: (p: { table: string }) => `No rentals are loaded yet, so there are no top vehicles (${p.table}: 0 rows).`,
  summaryOutputs: (p: { dir: string; files: string }) => `Outputs in ${p.dir}: ${p.files}`,
  demoRentalsBad: (p: { got: string }) => `--rentals expects a whole number of 0 or more, got ${p.got}.`,
  demoNotOurs: (p: { path: string; dir: string }) =>
    `${p.path} already exists and was not made by the demo, so it is left alone; choose another --dir (the demo writes only ${p.dir}/incoming/demo-batch and ${p.dir}/output).`,
  demoGenerated: (p: { rentals: number; dir: string; seconds: number }) =>
    `Sample batch (${fmt.count(p.rentals)} rentals) generated in ${p.dir} in ${fmt.decimal(p.seconds)} s`,
  demoFinished: (p: { seconds: number }) => `ETL finished in ${fmt.decimal(p.seconds)} s`,
  demoReport: (p: { path: string }) => `Report: ${p.path}`,
  demoNext: (p: { command: string }) => `Next: ${p.command}   (a second run: every row unchanged)`,
  generateUsage:
    'usage: generate --out DIR [--rentals N] [--seed S] [--gzip] [--vehicles N] [--clients N] [--points N] [--id-layout dense|sparse|high]',
  generateBadArgument: (p: { problem: string; usage: string }) => `${p.problem} (${p.usage}).`,
  generateOutRequired: '--out DIR is required',
  generateRentalsBad: (p: { got: string }) =>
    `--rentals expects a whole number of 0 or more, got ${p.got} (without other options the sample has at least 20 vehicles, 8 points and 50 clients)`,
  generateCountBad: (p: { flag: string; min: number; got: string }) => `--${p.flag} expects a whole number of ${fmt.count(p.min)} or more, got ${p.got}`,
  generateLayoutBad: (p: { choices: string; got: string }) => `--id-layout expects one of ${p.choices}, got ${p.got}`,
  generateFile: (p: { file: string; rows: number; bytes: number }) => `${p.file.padEnd(19)} ${fmt.count(p.rows).padStart(11)} rows ${fmt.count(p.bytes).padStart(15)} bytes`,
  generateDone: (p: { seconds: number; dir: string; seed: number }) => `generated in ${fmt.decimal(p.seconds, 2)} s into ${p.dir} (seed ${fmt.id(p.seed)})`,
  generateWriteFailed: (p: { dir: string; message: string }) => `could not write the sample into ${p.dir}: ${p.message}.`,
  sampleOptionBad: (p: { name: string; min: number; got: number }) => `${p.name} must be a whole number of ${fmt.count(p.min)} or more, got ${p.got}`,

  // --- Batch job (batch-job/src/job*.ts, aws/) ---------------------------------------------

  // --- upload check (functions/validate-upload) --------------------------------------------

  // --- output indexer and notifications (functions/index-output) ---------------------------

  // --- report (batch-job/src/core/report) --------------------------------------------------
};

export type Catalogue = typeof en;
