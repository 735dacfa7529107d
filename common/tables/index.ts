import { ErrorCode, EtlError } from '../errors.js';
import type { TableKey } from '../manifest.js';
import { clientes } from './clientes.js';
import type { TableContract } from './contract.js';
import { puntosRenta } from './puntos-renta.js';
import { rentas } from './rentas.js';
import { vehiculos } from './vehiculos.js';

export type { TableContract } from './contract.js';

/** All table contracts in load order: dimensions before the rentals that reference them. */
export function tableContracts(now: Date = new Date()): readonly TableContract[] {
  return [vehiculos(now), puntosRenta(), clientes(), rentas()];
}

export const INPUT_SUFFIXES = ['.csv', '.csv.gz'] as const;

/**
 * The table a file name belongs to (`vehiculos.csv`, `rentas.csv.gz`, case-insensitive),
 * or undefined for a file the pipeline does not own.
 */
export function tableForFile(fileName: string): TableKey | undefined {
  const lower = fileName.toLowerCase();
  for (const c of tableContracts()) {
    if (INPUT_SUFFIXES.some((s) => lower === c.fileBase + s)) return c.key;
  }
  return undefined;
}

export function contractFor(key: TableKey, now: Date = new Date()): TableContract {
  const found = tableContracts(now).find((c) => c.key === key);
  if (!found) throw new EtlError(ErrorCode.INTERNAL, `No table is declared under the key ${JSON.stringify(key)}.`, { table: key });
  return found;
}
