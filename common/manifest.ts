import type { RejectCode } from './errors.js';
import type { TableKey } from './tables/index.js';

/** The logical table names (manifest keys) come from the table declarations. */
export { TABLE_KEYS, type TableKey } from './tables/index.js';

export type TableStatus = 'loaded' | 'rejected' | 'missing';
export type BatchStatus = 'succeeded' | 'partial' | 'failed';
export type OutputKind = 'database' | 'aggregate' | 'aggregate_changes' | 'top' | 'rejects' | 'report';

export interface TableReport {
  file: string | null;
  status: TableStatus;
  error?: string;
  warnings: string[];
  rowsRead: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** Rejected rows written to the rejects file: all of them, up to MAX_REJECTS_WRITTEN; the rest are only counted. */
  rejectsWritten: number;
  /** Reject reasons by code and column, the most frequent first, each with its first line (contract §4). */
  rejectReasons?: RejectReasonCount[];
}

/** Whether a loaded file had data rows and every one of them was rejected (contract §7: the batch is partial, the CLI exits 1). */
export function allRowsRejected(report: TableReport): boolean {
  return report.status === 'loaded' && report.rowsRead > 0 && report.rejected === report.rowsRead;
}

/** How many rows of a file were rejected for one reason (a code, in one column), and the first line of them. */
export interface RejectReasonCount {
  code: RejectCode;
  /** The column whose rule was broken; absent for a reason about the whole row (FIELD_COUNT). */
  column?: string;
  count: number;
  firstLine: number;
}

export interface TopVehicle {
  id_vehiculo: number;
  marca: string;
  modelo: string;
  anio: number;
  total_rentas: number;
  duracion_promedio_dias: number;
  ingresos: number;
}

/** One input file of a batch: its name, size and SHA-256, which make the batch's fingerprint. */
export interface InputEntry {
  table: TableKey;
  file: string;
  bytes: number;
  sha256: string;
}

export interface OutputEntry {
  kind: OutputKind;
  /** Relative to the output folder locally; the object key in the output bucket on AWS. */
  path: string;
  bytes: number;
  sha256: string;
}

export interface Manifest {
  batchId: string;
  status: BatchStatus;
  startedAt: string;
  finishedAt: string;
  error?: string;
  /**
   * Facts about the run as a whole a reader should know: files of the batch folder that match
   * no table and look like none (contract §7; those that look like one are in its table's
   * warnings), and on AWS a warehouse version that could not be recovered.
   */
  warnings?: string[];
  tables: Record<TableKey, TableReport>;
  /** The batch's table files as the run read them (locally; on AWS the job's fingerprint comes from the objects' ETags). */
  inputs?: InputEntry[];
  aggregate: AggregateSummary;
  /** The warehouse version this batch produced (contract §5); absent in manifests written before it. */
  warehouse?: WarehouseVersion;
  top: TopVehicle[];
  outputs: OutputEntry[];
}

/**
 * What a batch published of the aggregate (contract §6): the whole table (`full`), the changed
 * groups (`changes`, `<table>.cambios.csv`) or both; `changedGroups` counts the groups that
 * are new, changed or gone (after a full load without a changes file: every group).
 */
export interface AggregateSummary {
  table: string;
  rows: number;
  export: 'full' | 'changes' | 'both';
  changedGroups: number;
}

/**
 * The warehouse a batch produced (contract §5): `key` is the object key on AWS and the file
 * as given locally, `versionId` null outside a versioned bucket, and `sequence` the batch's
 * position in the warehouse's ledger (consumers apply changes files in that order).
 */
export interface WarehouseVersion {
  key: string;
  versionId: string | null;
  bytes: number;
  sha256: string;
  sequence: number;
}
