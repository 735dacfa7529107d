import { TABLES, type TableKey } from './index.js';

/**
 * The table a misnamed file was probably meant for (contract §7): `rentas.txt`,
 * `Rentas (1).csv`, `rentas.xlsx`, `Puntos Renta.csv` → the table; `notas.docx` → undefined.
 * The name is compared without its extensions, case, accents, copy marks (` (1)`, `- copia`,
 * `copy`), digits and separators, so only a name made of a table's words matches.
 */
export function probableTable(fileName: string): TableKey | undefined {
  const base = fileName.replace(/^.*[/\\]/, '').replace(/^([^.]+)\..*$/, '$1');
  const words = squeeze(base.replace(/\b(copia|copy|de|of)\b/gi, ' '));
  if (words === '') return undefined;
  return TABLES.find((t) => squeeze(t.fileBase) === words)?.key;
}

/** Lower case, no accents, letters only: `Puntos_Renta (2)` → `puntosrenta`. */
function squeeze(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}
