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

  // --- command line and summary (batch-job/src/cli*.ts) ------------------------------------

  // --- Batch job (batch-job/src/job*.ts, aws/) ---------------------------------------------

  // --- upload check (functions/validate-upload) --------------------------------------------

  // --- output indexer and notifications (functions/index-output) ---------------------------

  // --- report (batch-job/src/core/report) --------------------------------------------------
};

export type Catalogue = typeof en;
