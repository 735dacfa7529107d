import { TABLES, type TableKey } from './index.js';

/**
 * A file name reduced to what a person meant by it: lower case, accents dropped, every
 * extension gone, copy marks such as ` (1)`, ` - copia`, ` - Copy` or `Copia de ` gone, and only letters
 * left (`Rentas (1).csv` → `rentas`, `Vehículos 2024.xlsx` → `vehiculos`).
 */
function stem(name: string): string {
  const base = name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  const dot = base.indexOf('.', 1);
  return (dot > 0 ? base.slice(0, dot) : base)
    .replace(/^(?:copia de|copy of)\s+/, '')
    .replace(/\((?:\d+|copia|copy)\)|[-_ ]+(?:copia|copy)(?:\s*\d+)?$/g, '')
    .replace(/[^a-z]/g, '');
}

/** Edits (insert, delete, replace) that turn `a` into `b`. */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length];
}

/**
 * The table a misnamed file was probably meant for (`rentas.txt`, `Rentas (1).csv`,
 * `rentas.xlsx`, `clients.csv`, `puntos renta.csv`), or undefined when its name is like
 * none of them. Only for names that are not table files already (`tableForFile`).
 */
export function probableTable(fileName: string): TableKey | undefined {
  const s = stem(fileName);
  if (s.length < 3) return undefined;
  const bases = TABLES.map((t) => ({ key: t.key, base: t.fileBase.replace(/[^a-z]/g, '') }));
  const exact = bases.find((b) => b.base === s);
  if (exact) return exact.key;
  // `rentas_enero`, `clientes2024`: the longest table name the stem starts with.
  const prefixed = bases.filter((b) => s.startsWith(b.base)).sort((a, b) => b.base.length - a.base.length)[0];
  if (prefixed) return prefixed.key;
  // `renta`, `clients`, `vehiculo`: a slip of at most two letters (one for short names).
  const near = bases
    // Lengths further apart than the allowed slip cannot be within it: no table of edits for a long name.
    .filter((b) => Math.abs(b.base.length - s.length) <= 2)
    .map((b) => ({ ...b, edits: distance(s, b.base) }))
    .filter((b) => b.edits <= (b.base.length >= 7 ? 2 : 1))
    .sort((a, b) => a.edits - b.edits)[0];
  return near?.key;
}
