import { clientes } from './clientes.js';
import { column, computed, defineTable } from './define.js';
import { puntosRenta } from './puntos-renta.js';
import { centsOf, daysBetween, money, positiveId, secondsBetween, wallClock, wallClockAfter } from './rules.js';
import { vehiculos } from './vehiculos.js';

/**
 * Rentals: the fact table. `duracion_renta` (days, fractional) is computed, not read.
 * `costo_centavos` and `duracion_segundos` are the exact integers behind `costo_total` (pesos
 * rounded to cents) and `duracion_renta`: the aggregate sums them, so its sums do not drift.
 * They come last because schema step 2 added them to existing warehouses.
 */
export const rentas = defineTable({
  key: 'rentas',
  role: 'fact',
  fileBase: 'rentas',
  setting: { name: 'RENTAS_TABLE', default: 'rentas' },
  id: 'id_renta',
  columns: [
    column('id_renta', 'INTEGER', positiveId),
    column('id_vehiculo', 'INTEGER', positiveId),
    column('id_punto_salida', 'INTEGER', positiveId),
    column('id_punto_retorno', 'INTEGER', positiveId),
    column('id_cliente', 'INTEGER', positiveId),
    column('fecha_inicio', 'TEXT', wallClock),
    column('fecha_fin', 'TEXT', wallClockAfter('fecha_inicio')),
    column('costo_total', 'REAL', money),
    computed('duracion_renta', 'REAL', daysBetween('fecha_inicio', 'fecha_fin')),
    computed('costo_centavos', 'INTEGER', centsOf('costo_total')),
    computed('duracion_segundos', 'INTEGER', secondsBetween('fecha_inicio', 'fecha_fin')),
  ],
  foreignKeys: [
    { column: 'id_vehiculo', references: vehiculos },
    { column: 'id_punto_salida', references: puntosRenta },
    { column: 'id_punto_retorno', references: puntosRenta },
    { column: 'id_cliente', references: clientes },
  ],
});
