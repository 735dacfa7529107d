import { createHash } from 'node:crypto';
import type { Manifest, OutputEntry } from '../../common/manifest.js';

/** A manifest as the Batch job writes it on AWS (outputs[].path are output-bucket keys). */
export function buildManifest(batchId: string, over: Partial<Manifest> = {}): Manifest {
  const table = (file: string, rows: number, rejected = 0) => ({
    file,
    status: 'loaded' as const,
    warnings: [],
    rowsRead: rows,
    inserted: rows - rejected,
    updated: 0,
    unchanged: 0,
    rejected,
    rejectsWritten: rejected,
  });
  return {
    batchId,
    status: 'succeeded',
    startedAt: '2025-06-01T14:05:00.000Z',
    finishedAt: '2025-06-01T14:09:57.000Z',
    tables: {
      vehiculos: table('vehiculos.csv', 50),
      puntos_renta: table('puntos_renta.csv', 10),
      clientes: table('clientes.csv', 200),
      rentas: table('rentas.csv', 1000),
    },
    aggregate: { table: 'vehiculos_mas_reservados', rows: 321, export: 'full', changedGroups: 321 },
    top: [
      { id_vehiculo: 7, marca: 'Nissan', modelo: 'Versa', anio: 2021, total_rentas: 42, duracion_promedio_dias: 3.5, ingresos: 52340.5 },
      { id_vehiculo: 3, marca: 'BMW', modelo: 'X1', anio: 2022, total_rentas: 40, duracion_promedio_dias: 2.25, ingresos: 88000 },
    ],
    // The warehouse is named by a `warehouse` block, not by an output (contract §5): give one with `over`.
    outputs: [
      output('aggregate', `batches/${batchId}/vehiculos_mas_reservados.csv`),
      output('top', `batches/${batchId}/top_vehiculos.csv`),
      output('report', `batches/${batchId}/report.html`),
      output('rejects', `batches/${batchId}/rejects/rentas.csv`),
    ],
    ...over,
  };
}

export function output(kind: OutputEntry['kind'], path: string): OutputEntry {
  return { kind, path, bytes: path.length * 100, sha256: createHash('sha256').update(path).digest('hex') };
}

export { encodeEventKey as s3EventKey, s3Event, s3Record } from './s3-event.js';

export function rejection(batchId: string, file = 'rentas.csv') {
  return {
    batchId,
    file,
    key: `incoming/${batchId}/${file}`,
    bucket: 'rentas-input',
    table: 'rentas',
    code: 'HEADER_MISSING_COLUMN',
    checkedAt: '2025-06-01T14:09:30.000Z',
    error: `${file} line 1: missing required column costo_total.`,
    expected: ['id_renta', 'id_vehiculo', 'id_punto_salida', 'id_punto_retorno', 'id_cliente', 'fecha_inicio', 'fecha_fin', 'costo_total'],
    found: ['id_renta', 'id_vehiculo', 'id_punto_salida', 'id_punto_retorno', 'id_cliente', 'fecha_inicio', 'fecha_fin'],
  };
}

/** An EventBridge "Batch Job State Change" event. */
export function batchJobEvent(over: { status?: string; batchId?: string; jobName?: string; jobId?: string } = {}) {
  return {
    version: '0',
    id: 'c8f9c4b5-76e5-d76a-f980-7011e206042b',
    'detail-type': 'Batch Job State Change',
    source: 'aws.batch',
    account: '123456789012',
    time: '2025-06-01T14:09:12Z',
    region: 'us-east-1',
    resources: [],
    detail: {
      jobName: over.jobName ?? 'rentas-lote-1-0c1d2e3f',
      jobId: over.jobId ?? '4c7599ae-0a82-49aa-ba5a-4727fcce14a8',
      jobQueue: 'arn:aws:batch:us-east-1:123456789012:job-queue/etl',
      status: over.status ?? 'FAILED',
      statusReason: 'Essential container in task exited',
      stoppedAt: 1748786826000,
      parameters: {},
      container: {
        exitCode: 75,
        logStreamName: 'etl/default/abc',
        environment: over.batchId === undefined ? [] : [{ name: 'BATCH_ID', value: over.batchId }],
      },
    },
  };
}
