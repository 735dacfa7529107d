import { column, defineTable } from './define.js';
import { cleanText, positiveId } from './rules.js';

/** Rental points (branch offices) where vehicles are picked up and returned. */
export const puntosRenta = defineTable({
  key: 'puntos_renta',
  role: 'dimension',
  fileBase: 'puntos_renta',
  setting: { name: 'PUNTOS_RENTA_TABLE', default: 'puntos_renta' },
  id: 'id_punto',
  columns: [
    column('id_punto', 'INTEGER', positiveId),
    column('nombre', 'TEXT', cleanText),
    column('direccion', 'TEXT', cleanText),
    column('telefono', 'TEXT', cleanText),
    column('horario_atencion', 'TEXT', cleanText),
  ],
  foreignKeys: [],
});
