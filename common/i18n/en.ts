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

  // --- files and headers (common/header.ts, common/csv-parser.ts, row source) --------------

  // --- row rules and reject reasons (common/tables) ----------------------------------------

  // --- batch contents, warehouse and run (batch-job/src/core) ------------------------------

  // --- command line and summary (batch-job/src/cli*.ts) ------------------------------------

  // --- Batch job (batch-job/src/job*.ts, aws/) ---------------------------------------------

  // --- upload check (functions/validate-upload) --------------------------------------------

  // --- output indexer and notifications (functions/index-output) ---------------------------

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
