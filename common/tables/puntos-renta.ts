import type { TableContract } from './contract.js';
import { checkRow, cleanText, positiveId } from './rules.js';

/** Rental points (branch offices) where vehicles are picked up and returned. */
export function puntosRenta(): TableContract {
  return {
    key: 'puntos_renta',
    fileBase: 'puntos_renta',
    columns: ['id_punto', 'nombre', 'direccion', 'telefono', 'horario_atencion'],
    storedColumns: [
      { name: 'id_punto', type: 'INTEGER' },
      { name: 'nombre', type: 'TEXT' },
      { name: 'direccion', type: 'TEXT' },
      { name: 'telefono', type: 'TEXT' },
      { name: 'horario_atencion', type: 'TEXT' },
    ],
    foreignKeys: [],
    validate: (f) =>
      checkRow(() => [positiveId('id_punto', f[0]), cleanText(f[1]), cleanText(f[2]), cleanText(f[3]), cleanText(f[4])]),
  };
}
