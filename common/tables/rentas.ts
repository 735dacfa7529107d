import type { TableContract } from './contract.js';
import { checkRow, nonNegativeNumber, positiveId, rejectRow, wallClock } from './rules.js';

const DAY_MS = 86_400_000;

/** Rentals: the fact table. `duracion_renta` (days, fractional) is computed, not read. */
export function rentas(): TableContract {
  return {
    key: 'rentas',
    fileBase: 'rentas',
    columns: [
      'id_renta',
      'id_vehiculo',
      'id_punto_salida',
      'id_punto_retorno',
      'id_cliente',
      'fecha_inicio',
      'fecha_fin',
      'costo_total',
    ],
    storedColumns: [
      { name: 'id_renta', type: 'INTEGER' },
      { name: 'id_vehiculo', type: 'INTEGER' },
      { name: 'id_punto_salida', type: 'INTEGER' },
      { name: 'id_punto_retorno', type: 'INTEGER' },
      { name: 'id_cliente', type: 'INTEGER' },
      { name: 'fecha_inicio', type: 'TEXT' },
      { name: 'fecha_fin', type: 'TEXT' },
      { name: 'costo_total', type: 'REAL' },
      { name: 'duracion_renta', type: 'REAL' },
    ],
    foreignKeys: [
      { column: 'id_vehiculo', references: 'vehiculos' },
      { column: 'id_punto_salida', references: 'puntos_renta' },
      { column: 'id_punto_retorno', references: 'puntos_renta' },
      { column: 'id_cliente', references: 'clientes' },
    ],
    validate: (f) =>
      checkRow(() => {
        const id = positiveId('id_renta', f[0]);
        const vehiculo = positiveId('id_vehiculo', f[1]);
        const salida = positiveId('id_punto_salida', f[2]);
        const retorno = positiveId('id_punto_retorno', f[3]);
        const cliente = positiveId('id_cliente', f[4]);
        const inicio = wallClock('fecha_inicio', f[5]);
        const fin = wallClock('fecha_fin', f[6]);
        if (fin.ms <= inicio.ms) {
          rejectRow('fecha_fin', 'order', `expected a date after fecha_inicio (${inicio.text}), got ${JSON.stringify(f[6].trim())}`);
        }
        const costo = nonNegativeNumber('costo_total', f[7]);
        return [id, vehiculo, salida, retorno, cliente, inicio.text, fin.text, costo, (fin.ms - inicio.ms) / DAY_MS];
      }),
  };
}
