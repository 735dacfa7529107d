import type { RejectCode } from '../errors.js';
import type { BatchStatus, TableKey, TableStatus } from '../manifest.js';
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
  // What the run was doing when the fault came, as `ioFault` puts it after "while".
  ioWriting: (p: { path: string }) => `writing ${p.path}`,
  ioReading: (p: { file: string }) => `reading ${p.file}`,
  ioWritingExports: (p: { path: string }) => `writing the exports from ${p.path}`,
  ioWritingBuild: (p: { path: string }) => `writing the warehouse build ${p.path}`,
  ioStartingParser: (p: { file: string }) => `starting the parser thread of ${p.file}`,
  retryNeedsAttempt: (p: { got: string }) => `A retry needs at least one attempt, got ${p.got}.`,
  noTableDeclared: (p: { key: string }) => `No table is declared under the key ${p.key}.`,
  // Why an uploaded key is not taken (common/keys.ts): the end of a sentence, lower-case.
  keyNotUrlEncoded: 'the key is not valid URL-encoded UTF-8',
  keyHasControls: 'the key contains control characters',
  keyOutsideIncoming: (p: { prefix: string }) => `the key is outside ${p.prefix}`,
  keyEmptySegment: 'the key has an empty path segment (//)',
  keyDotSegment: 'the key has a . or .. path segment',
  keyBackslash: 'the key contains a backslash',
  keyIsFolder: 'the key is a folder, not a file',
  keyNotInBatch: 'the file is not inside a batch folder',
  keyNested: 'the file is in a nested folder, not directly in a batch folder',
  keyBatchIdTooLong: (p: { max: number }) => `the batch id is longer than ${fmt.count(p.max)} characters`,

  // --- files and headers (common/header.ts, common/csv-parser.ts, row source) --------------
  csvUnclosedQuote: (p: { line: string }) => `a quote opened on line ${p.line} never closes`,
  csvTextAfterQuote: (p: { line: string }) => `line ${p.line} has text right after a closing quote`,
  csvTooManyFields: (p: { line: string; max: string }) => `line ${p.line} has more than ${p.max} columns`,
  csvRecordTooLong: (p: { line: string; max: string }) => `line ${p.line} starts a record longer than ${p.max} characters`,
  csvMixedLineEnds: (p: { line: string }) => `line ${p.line} ends in \\n, but the file's first line ends in \\r alone`,
  fileRecordTooLong: (p: { file: string; line: string; max: string }) =>
    `${p.file} line ${p.line}: expected records shorter than ${p.max} characters, found a longer one (an unclosed quote or a huge field).`,
  fileTooManyFields: (p: { file: string; line: string; max: string }) => `${p.file} line ${p.line}: expected at most ${p.max} columns, found more.`,
  fileUnclosedQuote: (p: { file: string; line: string }) => `${p.file} line ${p.line}: expected every quoted field to be closed, but this quote never closes.`,
  fileMixedLineEnds: (p: { file: string; line: string }) =>
    `${p.file} line ${p.line}: expected \\r line ends throughout, as on the header line, found a \\n (\\r alone ends a line only in a file that has no \\n at all).`,
  fileTextAfterQuote: (p: { file: string; line: string }) => `${p.file} line ${p.line}: expected RFC 4180 CSV, found text right after a closing quote.`,
  fileEmpty: (p: { file: string }) => `${p.file} is empty: expected a header row.`,
  fileHeaderTooLong: (p: { file: string; max: string }) => `${p.file} line 1: expected the header row within the first ${p.max} bytes, found no line end.`,
  fileNotGzip: (p: { file: string }) => `${p.file}: expected gzip-compressed data, found bytes that do not gunzip.`,
  fileNotUtf8: (p: { file: string; line: string }) =>
    `${p.file} line ${p.line}: expected UTF-8 text (INPUT_ENCODING=utf-8), found bytes that are not UTF-8 (save the file as "CSV UTF-8").`,
  fileMixedEncoding: (p: { file: string; line: string }) =>
    `${p.file} line ${p.line}: expected one encoding for the whole file, found bytes that are not UTF-8 in a file that also holds UTF-8 text; save the whole file again as "CSV UTF-8".`,
  fileNulByte: (p: { file: string; line: string }) =>
    `${p.file} line ${p.line}: expected text, found a NUL byte (a UTF-16 "Unicode text" export or a binary file); save the file as "CSV UTF-8".`,
  fileUndefinedByte: (p: { file: string; line: string }) =>
    `${p.file} line ${p.line}: expected Windows-1252 text, found a byte that Windows-1252 does not define; save the file as "CSV UTF-8".`,
  fileReadAsWindows1252: (p: { file: string }) =>
    `${p.file}: not UTF-8, read as Windows-1252 (Excel's plain "CSV" save); save it as "CSV UTF-8" to be sure accented letters are kept.`,
  headerDuplicateColumn: (p: { file: string; line: string; column: string; times: string }) =>
    `${p.file} line ${p.line}, column ${p.column}: expected each required column once, found it ${p.times} times in the header.`,
  headerMissingColumns: (p: { file: string; line: string; missing: readonly string[]; expected: string; found: string | undefined }) =>
    `${p.file} line ${p.line}: missing required column${p.missing.length > 1 ? 's' : ''} ${p.missing.join(', ')}; expected ${p.expected} (any order), found ${p.found ?? 'an empty header'}.`,
  headerWrongDelimiter: (p: { file: string; line: string; delimiter: ';' | '\t'; found: string }) =>
    `${p.file} line ${p.line}: expected columns separated by commas, found them separated by ${p.delimiter === ';' ? 'semicolons (;)' : 'tabs'}: ${p.found}; save the file as "CSV UTF-8 (comma delimited)".`,
  headerExtraColumns: (p: { file: string; count: number; names: string }) => `${p.file}: extra column${p.count > 1 ? 's' : ''} ignored: ${p.names}.`,
  nameListMore: (p: { shown: string; more: string }) => `${p.shown} and ${p.more} more`,
  fileKind: {
    link: 'a symbolic link',
    fifo: 'a named pipe (FIFO)',
    folder: 'a folder',
    device: 'a device',
    socket: 'a socket',
    other: 'not a regular file',
  },
  fileNotRegular: (p: { file: string; kind: string }) => `${p.file}: expected a regular file, found ${p.kind}; it was not read.`,
  fileInflatesTooMuch: (p: { file: string; max: string }) =>
    `${p.file}: expected at most ${p.max} bytes once inflated (MAX_INFLATED_BYTES), found more; the file was not loaded.`,
  fileInflateRatio: (p: { file: string; max: string; inflated: string; compressed: string }) =>
    `${p.file}: expected at most ${p.max} inflated bytes per compressed byte (MAX_INFLATE_RATIO), found ${p.inflated} bytes from ${p.compressed}; the file was not loaded.`,
  fileUnreadable: (p: { file: string; reason: string }) => `${p.file} could not be read: ${p.reason}.`,
  doingRead: (p: { file: string }) => `reading ${p.file}`,
  doingStartParser: (p: { file: string }) => `starting the parser thread of ${p.file}`,
  parserFailed: (p: { file: string; reason: string }) => `The parser thread of ${p.file} failed: ${p.reason}.`,
  parserExited: (p: { file: string; code: string }) => `The parser thread of ${p.file} exited with code ${p.code}.`,
  summaryTooEarly: (p: { file: string }) => `The summary of ${p.file} was asked for before all its rows were read.`,

  // --- row rules and reject reasons (common/tables) ----------------------------------------
  rejectEmptyText: (p: { got: string }) => `expected a non-empty text, got ${p.got}`,
  rejectBadId: (p: { got: string }) => `expected a positive integer id, got ${p.got}`,
  rejectIntegerRange: (p: { min: string; max: string; got: string }) => `expected an integer from ${p.min} to ${p.max}, got ${p.got}`,
  rejectNegativeNumber: (p: { got: string }) => `expected a number >= 0, got ${p.got}`,
  rejectMoney: (p: { max: string; got: string }) => `expected a number from 0 to ${p.max} (MAX_COSTO_TOTAL), got ${p.got}`,
  rejectNumberWithComma: (p: { got: string }) =>
    `expected a number written with a decimal point and no thousands separator (1234.50), got ${p.got}, which has a decimal comma or a thousands separator`,
  rejectEmail: (p: { got: string }) => `expected an e-mail address, got ${p.got}`,
  rejectDate: (p: { got: string }) => `expected a date YYYY-MM-DD or date-time YYYY-MM-DD HH:MM[:SS], got ${p.got}`,
  rejectDateDmy: (p: { got: string }) =>
    `expected a date D/M/YYYY or DD/MM/YYYY (with / or -), optionally followed by HH:MM or HH:MM:SS, or an ISO date YYYY-MM-DD, got ${p.got}`,
  rejectDateNeedsDmy: (p: { got: string }) =>
    `expected a date YYYY-MM-DD (DATE_ORDER=iso), got ${p.got}, which reads as day/month/year: set DATE_ORDER=dmy to accept such dates, or export the dates as YYYY-MM-DD`,
  rejectDateTwoDigitYear: (p: { got: string }) => `expected a four-digit year, got ${p.got}: a two-digit year is not accepted; format the column with the full year`,
  rejectDateAmPm: (p: { got: string }) => `expected a 24-hour time (HH:MM), got ${p.got}: a. m./p. m. times are not accepted; format the column as 24-hour time`,
  rejectDateNotAfter: (p: { start: string; startValue: string; got: string }) => `expected a date after ${p.start} (${p.startValue}), got ${p.got}`,
  rejectRentalTooLong: (p: { days: string; start: string; startValue: string; got: string }) =>
    `expected a date at most ${p.days} days (MAX_RENTAL_DAYS) after ${p.start} (${p.startValue}), got ${p.got}`,

  // --- batch contents, warehouse and run (batch-job/src/core) ------------------------------
  inputNotFolder: (p: { dir: string }) => `--input ${p.dir}: expected a folder holding the batch's CSV files, but it cannot be read.`,
  inputOthersIgnored: (p: { others: readonly string[]; chosen: string; table: string }) =>
    `${p.others.join(', ')} ignored: ${p.chosen} is the ${p.table} file of this batch.`,
  // The in-memory id sets (id-set.ts): `what` names the ids, and starts the sentence capitalised.
  idsDefault: 'the ids',
  idsOfFile: (p: { file: string }) => `the ids of ${p.file}`,
  idsReferenced: (p: { table: string; column: string }) => `the ${p.table} ids this file's ${p.column} may point at`,
  idsExpected: (p: { max: number }) => `expected at most ${fmt.count(p.max)} ids that fill less than one in 16 of their range`,
  idsTooMany: (p: { what: string; expected: string }) => `${p.what} are too many and too spread out to check in memory: ${p.expected}.`,
  idsHoldNonId: (p: { what: string; got: string }) => `${p.what} hold ${p.got}, which is not a positive integer id.`,
  idSetGivenNonId: (p: { got: string }) => `An id set was given ${p.got}, which is not a positive integer id.`,
  exportThreadExited: (p: { code: string }) => `The export thread exited with code ${p.code}.`,
  exportsStopped: 'The exports were stopped: the run failed.',
  runFailed: (p: { cause: string }) => `The ETL run failed: ${p.cause}.`,

  // --- warehouse and schema (batch-job/src/core/warehouse*, migrations) --------------------
  settingNotIdentifier: (p: { name: string; got: string }) =>
    `${p.name} must be a plain SQL identifier (letters, digits and _, not starting with a digit, at most 63 characters), got ${p.got}.`,
  settingNameReserved: (p: { name: string; got: string }) => `${p.name} cannot be ${p.got}: the warehouse keeps a table or view of its own under that name.`,
  settingNameKeyword: (p: { name: string; got: string }) => `${p.name} cannot be ${p.got}: it is an SQL keyword of SQLite; choose another table name.`,
  settingNameSqlite: (p: { name: string; got: string }) => `${p.name} cannot be ${p.got}: names starting with sqlite_ belong to SQLite itself.`,
  settingNotFileName: (p: { name: string; got: string }) => `${p.name} must be a plain file name (letters, digits, ., _ and -, no folder), got ${p.got}.`,
  tableNamesRepeated: (p: { got: string }) => `Table names must be distinct, but ${p.got} is used twice.`,
  schemaNewer: (p: { found: number; known: number }) =>
    `The warehouse has schema version ${fmt.id(p.found)}, newer than version ${fmt.id(p.known)} that this release of the ETL knows: load it with a release that knows version ${fmt.id(p.found)}.`,
  schemaNoTable: (p: { table: string; key: string; setting: string }) =>
    `The warehouse has no table ${p.table} (the ${p.key} table, named by ${p.setting}): it was made with other table names or not by this ETL; set ${p.setting} to the name it has, or load into a new warehouse.`,
  schemaNoIdColumn: (p: { table: string; column: string; key: string; setting: string }) =>
    `The warehouse's table ${p.table} has no column ${p.column}: it was not made by this ETL as its ${p.key} table; check ${p.setting} or load into a new warehouse.`,
  schemaMissingTables: (p: { missing: string }) =>
    `The warehouse has tables but not ${p.missing}: it was made with other table names or not by this ETL; set those settings to the names it has, or load into a new warehouse.`,
  // How a sentence about the warehouse's file starts: named by --db, or as the run's own file.
  warehouseNamed: (p: { path: string }) => `The warehouse ${p.path}`,
  folderOfDb: 'The folder of --db',
  outIsFile: (p: { dir: string }) => `--out ${p.dir} is a file, not a folder: expected a folder for the run's outputs.`,
  outIsInput: (p: { dir: string }) => `--out ${p.dir} is the --input folder: the outputs would be written among the batch's files; choose another --out.`,
  warehouseIsFolder: (p: { named: string }) => `${p.named} is a folder: expected a SQLite warehouse file, or a path where a new one is created.`,
  outputOverwritesInput: (p: { output: string; file: string; withDb: boolean }) =>
    `The output ${p.output} would overwrite the input file ${p.file} of this batch: choose an --out${p.withDb ? ' and --db' : ''} apart from the input files.`,
  folderNotWritable: (p: { what: string; dir: string; code: string }) => `${p.what} ${p.dir} cannot be written (${p.code}): expected a folder this run may write.`,
  folderNotCreated: (p: { what: string; dir: string; code: string }) => `${p.what} ${p.dir} cannot be created (${p.code}): expected a folder this run may write.`,
  warehouseHeldOpen: (p: { path: string; code: string }) => `The warehouse ${p.path} is held open by another program (${p.code}): close it and run again.`,
  warehouseBusyAtCommit: (p: { path: string; seconds: number; code: string }) =>
    `Another program kept reading the warehouse ${p.path} for more than ${fmt.id(p.seconds)} s (LOCK_WAIT_SECONDS) when this run had to write the batch into it (${p.code}): the warehouse is unchanged; close that program, or raise LOCK_WAIT_SECONDS, and run again.`,
  batchAppliedManifestPending: (p: { cause: string; outDir: string }) =>
    `The batch is in the warehouse, but its outputs in ${p.outDir} could not be completed (${p.cause}): run the same command again to complete them; it will not apply the batch twice.`,
  batchAlreadyApplied: (p: { batchId: string; sequence: number }) =>
    `Batch ${p.batchId} was already applied to this warehouse (sequence ${fmt.id(p.sequence)}) and this run changed nothing in it: its changes were published by the run that applied it.`,
  pendingOutputsOther: (p: { batchId: string; outDir: string; sequence: number }) =>
    `${p.outDir} holds the unpublished outputs of batch ${p.batchId} (sequence ${fmt.id(p.sequence)}), whose run stopped after it applied the batch to the warehouse: run batch ${p.batchId} again into ${p.outDir} first (the same command completes them), or choose another --out; this run changed nothing.`,
  pendingOutputsStale: (p: { batchId: string; outDir: string; sequence: number; latest: number; changes: string }) =>
    `${p.outDir} holds the unpublished outputs of batch ${p.batchId} (sequence ${fmt.id(p.sequence)}), whose run stopped after it applied the batch to the warehouse, and the warehouse has taken later batches since (sequence ${fmt.id(p.latest)}): they can no longer be completed. Give its changes (${p.changes}) to the consumers that replay them, move the files of ${p.outDir} away, and run again; this run changed nothing.`,
  manifestCompleted: (p: { batchId: string; startedAt: string }) =>
    `Completed by a later run: the run of batch ${p.batchId} that started at ${p.startedAt} stopped after its commit to the warehouse, before it wrote this manifest.`,
  warehouseUnreadable: (p: { path: string; code: string }) => `The warehouse ${p.path} cannot be read (${p.code}).`,
  warehouseNotSqlite: (p: { named: string }) =>
    `${p.named} is not a SQLite database, or is damaged: expected a warehouse made by this ETL, or a path where a new one is created.`,
  warehouseCopyNoRoom: (p: { from: string; bytes: number; to: string; code: string }) =>
    `No room on the disk to copy the warehouse ${p.from} (${fmt.id(p.bytes)} bytes) to ${p.to} (${p.code}): the warehouse is unchanged; free some space or fix the disk, then run again.`,
  warehouseCopyFailed: (p: { from: string; to: string; code: string }) =>
    `The warehouse ${p.from} could not be copied to ${p.to} (${p.code}): the warehouse is unchanged; free some space or fix the disk, then run again.`,
  lockNotCreated: (p: { path: string; code: string }) => `The lock file ${p.path} cannot be created (${p.code}): the warehouse's folder must be writable.`,
  lockHolder: (p: { pid: number; host: string; since: string }) => `pid ${fmt.id(p.pid)} on host ${p.host} since ${p.since}`,
  lockHolderStarting: 'a run that is starting',
  warehouseLocked: (p: { path: string; holder: string; seconds: number; setting?: string }) =>
    `The warehouse ${p.path} is locked by another run (${p.holder}): waited ${fmt.count(p.seconds)} s${p.setting ? ` (${p.setting})` : ''}; run again when it has finished, or delete ${p.path}.lock if that process no longer exists.`,

  // run, batch contents and row checks
  batchEmpty: (p: { dir: string; holds: string }) =>
    `${p.dir} holds none of the four table files (vehiculos.csv, puntos_renta.csv, clientes.csv, rentas.csv, each also as .csv.gz): ${p.holds}. Nothing was loaded and the warehouse is unchanged; put the files in the folder under those names and run again.`,
  folderIsEmpty: 'the folder is empty',
  folderHolds: (p: { names: string; more: number }) => `it holds ${p.names}${p.more > 0 ? ` and ${fmt.count(p.more)} more` : ''}`,
  folderEntryMeant: (p: { name: string; file: string }) => `${p.name} (${p.file}?)`,
  strayFileMeant: (p: { name: string; file: string; table: string }) =>
    `${p.name} was not loaded: it is not a table file. If it is this batch's ${p.table} file, save it as ${p.file} (in Excel: "CSV UTF-8") and run the batch again.`,
  strayFileBeside: (p: { name: string; file: string; table: string }) =>
    `${p.name} was not loaded: it is not a table file, and ${p.file} is this batch's ${p.table} file.`,
  strayFile: (p: { name: string }) =>
    `${p.name} was not loaded: its name is not one of vehiculos.csv, puntos_renta.csv, clientes.csv, rentas.csv.`,
  strayFilesMore: (p: { count: number }) => `${fmt.count(p.count)} more files of the folder were not loaded either: they are not table files.`,
  doingWriteBuild: (p: { path: string }) => `writing the warehouse build ${p.path}`,
  doingWrite: (p: { path: string }) => `writing ${p.path}`,
  tooManyIds: (p: { file: string; line: number; expected: string }) =>
    `${p.file} line ${fmt.id(p.line)}: too many distinct ids to check for duplicates in memory: ${p.expected}.`,
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
  reportLocale: 'en-US',
  reportHtmlLang: 'en',
  reportTitle: (p: { batchId: string; status: string }) => `Batch ${p.batchId} report · ${p.status}`,
  reportEyebrow: 'rentas-pipeline · Load report',
  reportBatch: (p: { batchId: string }) => `Batch ${p.batchId}`,
  reportBatchStatus: { succeeded: 'Succeeded', partial: 'Partial', failed: 'Failed' } as Readonly<Record<BatchStatus, string>>,
  reportTimes: (p: { start: string; end: string; elapsed: string }) =>
    `Started: ${p.start} · Finished: ${p.end}${p.elapsed ? ` · Duration: ${p.elapsed}` : ''} (Mexico City time)`,
  reportBatchError: 'Batch error:',
  reportFilesTitle: 'Files of the batch',
  reportFilesSub: 'Every row read ends inserted, updated, unchanged or rejected.',
  reportTableName: { vehiculos: 'Vehicles', puntos_renta: 'Rental points', clientes: 'Clients', rentas: 'Rentals' } as Readonly<Record<TableKey, string>>,
  reportTableStatus: { loaded: 'loaded', rejected: 'rejected', missing: 'not in the batch' } as Readonly<Record<TableStatus, string>>,
  reportAllRowsRejected: 'every row rejected',
  reportNoManifestData: 'No data in the manifest.',
  reportNoFile: 'No file in the batch',
  reportCounts: { read: 'Read', inserted: 'Inserted', updated: 'Updated', unchanged: 'Unchanged', rejected: 'Rejected' },
  reportFileError: 'Error:',
  reportWarnings: 'Warnings:',
  reportDownloadRejects: (p: { href: string }) => `Download the rejected rows (${p.href})`,
  reportRejectsCapped: (p: { written: number; rejected: number }) =>
    `The file holds the first ${fmt.count(p.written)} of ${fmt.count(p.rejected)} rejected rows; the rest are only counted.`,
  reportReasonsTitle: 'Reasons for rejection',
  reportReasonsHead: { table: 'Table', reason: 'Reason (column: code)', rows: 'Rows', firstLine: 'First line' },
  reportOtherReasons: 'Other reasons',
  reportRejectReason: {
    BAD_ID: 'the id is not a positive whole number',
    EMPTY_TEXT: 'empty text',
    OUT_OF_RANGE: 'value out of range',
    BAD_NUMBER: 'not a number, or negative',
    BAD_EMAIL: 'not a valid e-mail address',
    BAD_DATE: 'not a valid date',
    DATE_ORDER: 'fecha_fin is not after fecha_inicio',
    DUPLICATE_ID: 'id repeated in the file',
    UNKNOWN_REFERENCE: 'unknown reference',
    FIELD_COUNT: 'not as many fields as the header',
  } as Readonly<Record<RejectCode, string>>,
  reportKpis: { rentals: 'Rentals in the warehouse', vehicles: 'Vehicles with rentals', avgDays: 'Average duration', revenue: 'Revenue (MXN)', period: 'Period' },
  reportDays: (p: { days: string }) => `${p.days} days`,
  reportRentals: (p: { n: number }) => `${fmt.count(p.n)} ${p.n === 1 ? 'rental' : 'rentals'}`,
  reportNoRentals: 'No rentals in the warehouse yet',
  reportNoRentalsYet: (p: { reason: string }) => `There are no figures to show until rentals are loaded. ${p.reason}`,
  reportNoRoutes: 'No one-way rentals.',
  reportNoRentalsMissing: 'This batch did not include rentas.csv.',
  reportNoRentalsRejected: 'The rentals file of this batch was rejected: see its error above.',
  reportNoRentalsAllRejected: 'Every row of rentas.csv was rejected: see the reasons above, fix the file and load it again.',
  reportNoRentalsEmpty: 'The rentals file of this batch had no data rows.',
  reportTopTitle: (p: { n: number }) => (p.n === 1 ? 'The most rented vehicle' : `The ${fmt.count(p.n)} most rented vehicles`),
  reportTopSub: 'Rentals per vehicle; on the right, average duration (weighted by rental) and revenue in MXN.',
  reportTopTooltip: (p: { name: string; id: number; tipo: string; rentals: string; days: string; money: string }) =>
    `${p.name} (id ${fmt.id(p.id)}, ${p.tipo}): ${p.rentals}, ${p.days} on average, ${p.money}`,
  reportHead: { rentals: 'Rentals', avgDays: 'Avg. days', revenue: 'Revenue', month: 'Month', type: 'Type', year: 'Year' },
  reportShownOf: (p: { shown: number; total: number; what: 'points' | 'routes' | 'months' | 'types' }) =>
    `Showing ${fmt.count(p.shown)} of ${fmt.count(p.total)} ${{ points: 'points', routes: 'routes', months: 'months (the latest)', types: 'types' }[p.what]}.`,
  reportPointsTitle: 'By pickup point',
  reportPointsSub: 'Rentals and average duration by the point where the vehicle is picked up.',
  reportPointsHead: 'Pickup point',
  reportRoutesTitle: 'Most frequent routes',
  reportRoutesSub: (p: { rentals: string; share: string }) => `One-way rentals (returned at another point): ${p.rentals}, ${p.share} of all.`,
  reportRoutesHead: 'Pickup → return',
  reportMonthsTitle: 'Rentals and average duration by month',
  reportMonthsSub: 'Month in which the rental started.',
  reportMonthsBar: 'Rentals',
  reportMonthsLine: 'Average duration (days)',
  reportMonthsDetails: 'See the figures by month',
  reportMonthTooltip: (p: { month: string; rentals: string; days: string; money: string }) => `${p.month}: ${p.rentals}, ${p.days} on average, ${p.money}`,
  reportMonthNames: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as readonly string[],
  reportTypesTitle: 'By vehicle type',
  reportTypesSub: 'Vehicles with rentals, rentals and average duration by type.',
  reportNoType: '(no type)',
  reportVehicles: (p: { n: number }) => `${fmt.count(p.n)} ${p.n === 1 ? 'vehicle' : 'vehicles'}`,
  reportYearsTitle: 'By model year',
  reportYearsSub: 'From the newest model to the oldest.',
  reportFooter: (p: { table: string }) =>
    `Figures of the whole warehouse (table ${p.table}) after loading this batch. Averages weighted by rental. Made by rentas-pipeline.`,
};

export type Catalogue = typeof en;
