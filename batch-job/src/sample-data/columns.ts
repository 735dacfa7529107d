import type { SqlType } from '../../../common/tables/contract.js';
import { TABLE_KEYS, TABLES, type TableDeclaration, type TableKey } from '../../../common/tables/index.js';
import { CLIENT_FIELDS, POINT_FIELDS, VEHICLE_FIELDS } from './dimensions.js';
import { RENTAL_FIELDS } from './rentals.js';


/** The four sample tables, in the order they are written (dimensions before rentals). */
export const SAMPLE_TABLES = TABLE_KEYS;
export type SampleTable = TableKey;

/** The columns each writer fills with realistic values, in the order it writes them. */
const WRITTEN: Readonly<Record<SampleTable, readonly string[]>> = {
  vehiculos: VEHICLE_FIELDS,
  puntos_renta: POINT_FIELDS,
  clientes: CLIENT_FIELDS,
  rentas: RENTAL_FIELDS,
};

/** What a declared column no writer knows yet holds in every row, by its SQL type. */
const PLACEHOLDER: Readonly<Record<SqlType, string>> = { TEXT: 'muestra', INTEGER: '1', REAL: '0' };

/**
 * How a sample file is laid out: the writer's columns, then any input column the table's
 * declaration has and the writer does not know, with a placeholder value (`trailer`, added
 * to every line). So a column added to a declaration reaches the sample data with no
 * change here; a rule that refuses the placeholder makes tests/unit/generate.test.ts say
 * which writer needs a real value.
 */
export interface SampleLayout {
  readonly header: readonly string[];
  readonly trailer: string;
}

/** The layout of a table's sample file, given the columns its writer fills. */
export function sampleLayout(declaration: TableDeclaration, written: readonly string[]): SampleLayout {
  const missing = declaration.columns.filter((c) => c.input !== undefined && !written.includes(c.input));
  return {
    header: [...written, ...missing.map((c) => c.input!)],
    trailer: missing.map((c) => `,${PLACEHOLDER[c.type]}`).join(''),
  };
}

export const SAMPLE_LAYOUTS: Readonly<Record<SampleTable, SampleLayout>> = Object.fromEntries(
  TABLES.map((t) => [t.key, sampleLayout(t, WRITTEN[t.key])]),
) as Record<SampleTable, SampleLayout>;

/** Header rows of the sample files. */
export const SAMPLE_COLUMNS: Readonly<Record<SampleTable, readonly string[]>> = Object.fromEntries(
  SAMPLE_TABLES.map((t) => [t, SAMPLE_LAYOUTS[t].header]),
) as Record<SampleTable, readonly string[]>;
