const NEEDS_QUOTES = /[",\r\n]/;
// OWASP CSV injection: text starting with one of these becomes a live formula in spreadsheets.
const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV cell per RFC 4180; text that a spreadsheet would run as a formula is prefixed with `'`. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let text = String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV record with a `\n` line end. */
export function csvLine(values: readonly unknown[]): string {
  let out = '';
  for (let i = 0; i < values.length; i++) out += (i === 0 ? '' : ',') + csvCell(values[i]);
  return `${out}\n`;
}
