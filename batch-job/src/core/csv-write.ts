const NEEDS_QUOTES = /[",\r\n]/;

/** OWASP CSV injection: text starting with one of = + - @ TAB CR runs as a formula in spreadsheets. */
function startsLikeFormula(text: string): boolean {
  const c = text.charCodeAt(0);
  return c === 61 || c === 43 || c === 45 || c === 64 || c === 9 || c === 13;
}

/** One CSV cell per RFC 4180; text that a spreadsheet would run as a formula is prefixed with `'`. */
export function csvCell(value: unknown): string {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (value === null || value === undefined) return '';
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- cells are SQLite values: text, numbers and bigints
  let text = typeof value === 'string' ? value : String(value);
  if (text.length === 0) return text;
  if (startsLikeFormula(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV record with a `\n` line end. */
export function csvLine(values: readonly unknown[]): string {
  let out = csvCell(values[0]);
  for (let i = 1; i < values.length; i++) out += `,${csvCell(values[i])}`;
  return `${out}\n`;
}
