import { column, defineTable } from './define.js';
import { cleanText, integerIn, nonNegativeNumber, positiveId, requiredText } from './rules.js';

const nextYear = (now: Date): number => now.getUTCFullYear() + 1;

/** Vehicles of the fleet. `anio` may be next year's model. */
export const vehiculos = defineTable({
  key: 'vehiculos',
  role: 'dimension',
  fileBase: 'vehiculos',
  setting: { name: 'VEHICULOS_TABLE', default: 'vehiculos' },
  id: 'id_vehiculo',
  columns: [
    column('id_vehiculo', 'INTEGER', positiveId),
    column('marca', 'TEXT', requiredText),
    column('modelo', 'TEXT', requiredText),
    column('anio', 'INTEGER', integerIn(1900, nextYear)),
    column('tipo', 'TEXT', cleanText),
    column('capacidad', 'INTEGER', integerIn(1, 100)),
    column('color', 'TEXT', cleanText),
    column('kilometraje', 'REAL', nonNegativeNumber),
    column('estado', 'TEXT', cleanText),
  ],
  foreignKeys: [],
});
