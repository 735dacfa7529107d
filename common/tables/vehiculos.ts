import type { TableContract } from './contract.js';
import { checkRow, cleanText, integerIn, nonNegativeNumber, positiveId, requiredText } from './rules.js';

/** Vehicles of the fleet. `anio` may be next year's model. */
export function vehiculos(now: Date = new Date()): TableContract {
  const maxYear = now.getUTCFullYear() + 1;
  return {
    key: 'vehiculos',
    fileBase: 'vehiculos',
    columns: ['id_vehiculo', 'marca', 'modelo', 'anio', 'tipo', 'capacidad', 'color', 'kilometraje', 'estado'],
    storedColumns: [
      { name: 'id_vehiculo', type: 'INTEGER' },
      { name: 'marca', type: 'TEXT' },
      { name: 'modelo', type: 'TEXT' },
      { name: 'anio', type: 'INTEGER' },
      { name: 'tipo', type: 'TEXT' },
      { name: 'capacidad', type: 'INTEGER' },
      { name: 'color', type: 'TEXT' },
      { name: 'kilometraje', type: 'REAL' },
      { name: 'estado', type: 'TEXT' },
    ],
    foreignKeys: [],
    validate: (f) =>
      checkRow(() => [
        positiveId('id_vehiculo', f[0]),
        requiredText('marca', f[1]),
        requiredText('modelo', f[2]),
        integerIn('anio', f[3], 1900, maxYear),
        cleanText(f[4]),
        integerIn('capacidad', f[5], 1, 100),
        cleanText(f[6]),
        nonNegativeNumber('kilometraje', f[7]),
        cleanText(f[8]),
      ]),
  };
}
