import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { expect } from 'vitest';
import { loadConfig } from '../../batch-job/src/core/config.js';
import { EtlError } from '../../common/errors.js';
import { runEtl, type RunEtlResult } from '../../batch-job/src/core/run-etl.js';
import { matchHeader } from '../../common/header.js';
import type { RowResult, TableContract } from '../../common/tables/contract.js';

export const HEADERS = {
  vehiculos: 'id_vehiculo,marca,modelo,anio,tipo,capacidad,color,kilometraje,estado',
  puntos_renta: 'id_punto,nombre,direccion,telefono,horario_atencion',
  clientes: 'id_cliente,nombre,correo_electronico,telefono,direccion',
  rentas: 'id_renta,id_vehiculo,id_punto_salida,id_punto_retorno,id_cliente,fecha_inicio,fecha_fin,costo_total',
} as const;

/** A small valid batch: 2 vehicles, 2 points, 2 clients, 3 rentals. */
export const BASE_BATCH = {
  'vehiculos.csv': `${HEADERS.vehiculos}
1,Nissan,Versa,2020,Sedán,5,Rojo,12000,Disponible
2,BMW,X1,2022,SUV,5,Negro,5000.5,Disponible
`,
  'puntos_renta.csv': `${HEADERS.puntos_renta}
1,Rentas CDMX Centro,"Av. Reforma 1, Cuauhtémoc, CDMX",+52 55 1234 5678,Lun-Dom 07:00-22:00
2,Rentas Mérida Aeropuerto,"Calle 60, Mérida",+52 999 123 4567,Lun-Sab 08:00-20:00
`,
  'clientes.csv': `${HEADERS.clientes}
1,José Pérez,JOSE.PEREZ@Example.com,+52 55 1111 2222,"Calle 1, CDMX"
2,Ana López,ana@example.mx,+52 33 3333 4444,"Calle 2, Guadalajara"
`,
  'rentas.csv': `${HEADERS.rentas}
1,1,1,2,1,2024-01-01 10:00,2024-01-03 10:00,1500
2,1,1,1,2,2024-01-05,2024-01-06T12:00:00,800
3,2,2,2,1,2024-02-01,2024-02-10,9000.50
`,
};

export function tempDir(prefix = 'rentas-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Writes files into a new batch folder and returns its path. */
export function writeBatch(files: Record<string, string | Buffer>, dir = join(tempDir(), 'batch')): string {
  mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

/** Runs the ETL core on files (in-process), into a fresh out folder or an existing warehouse. */
export async function runBatch(
  files: Record<string, string | Buffer>,
  options: { dbPath?: string; env?: Record<string, string>; outDir?: string } = {},
): Promise<RunEtlResult & { outDir: string; dbPath: string }> {
  const outDir = options.outDir ?? tempDir('rentas-out-');
  const config = loadConfig(options.env ?? {});
  const result = await runEtl({ config, inputDir: writeBatch(files), outDir, dbPath: options.dbPath });
  return { ...result, outDir, dbPath: options.dbPath ?? join(outDir, config.dbFile) };
}

/** Rows of a reject file as objects. */
export function readRejects(outDir: string, table: string): Record<string, string>[] {
  return parse(readFileSync(join(outDir, 'rejects', `${table}.csv`), 'utf8'), { columns: true, relax_column_count: true });
}

/**
 * Checks one row given by column name, through the same header match and row check as a
 * file: the fields' order is the file's column order.
 */
export function checkFields(contract: TableContract, fields: Readonly<Record<string, string>>): RowResult {
  const header = Object.keys(fields);
  return contract.rowCheck(matchHeader(header, contract, `${contract.fileBase}.csv`).positions)(Object.values(fields));
}

/** Asserts that a row result is a reject of `column` whose message contains `text`. */
export function expectRowReject(result: RowResult, column: string, text: string): void {
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.reject.column).toBe(column);
  expect(result.reject.message).toContain(text);
}

/** Asserts an error's class, code, message and line in one place. */
export function expectEtlError(error: unknown, code: string, message: string | RegExp, line?: number): void {
  expect(error).toBeInstanceOf(EtlError);
  const e = error as EtlError;
  expect(e.code).toBe(code);
  if (typeof message === 'string') expect(e.message).toContain(message);
  else expect(e.message).toMatch(message);
  if (line !== undefined) expect(e.line).toBe(line);
}
