import type { TableKey } from './tables/index.js';

/** The logical table names (manifest keys) come from the table declarations. */
export { TABLE_KEYS, type TableKey } from './tables/index.js';

export type TableStatus = 'loaded' | 'rejected' | 'missing';
export type BatchStatus = 'succeeded' | 'partial' | 'failed';
export type OutputKind = 'database' | 'aggregate' | 'top' | 'rejects' | 'report';

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
  /** Reject reasons grouped by rule, for reports: rule → count. */
  rejectReasons?: Record<string, number>;
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
  tables: Record<TableKey, TableReport>;
  aggregate: { table: string; rows: number };
  top: TopVehicle[];
  outputs: OutputEntry[];
}
