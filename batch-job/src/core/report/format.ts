/** Number, money and date formats for readers in Mexico (es-MX: 1,234.5 and $1,234.50). */

const LOCALE = 'es-MX';
const integer = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat(LOCALE, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const money = new Intl.NumberFormat(LOCALE, { style: 'currency', currency: 'MXN' });
const moneyWhole = new Intl.NumberFormat(LOCALE, { style: 'currency', currency: 'MXN', maximumFractionDigits: 0 });
const percent = new Intl.NumberFormat(LOCALE, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
const dateTime = new Intl.DateTimeFormat(LOCALE, {
  dateStyle: 'medium',
  timeStyle: 'medium',
  timeZone: 'America/Mexico_City',
});

export const formatInt = (n: number): string => integer.format(n);
/** Days and other averages: always one decimal, so columns line up. */
export const formatDecimal = (n: number): string => oneDecimal.format(n);
export const formatMoney = (n: number): string => money.format(n);
/** Money without cents, for chart labels where space is short. */
export const formatMoneyShort = (n: number): string => moneyWhole.format(n);
export const formatPercent = (ratio: number): string => percent.format(ratio);

const MONTHS = ['ene', 'feb', 'mar', 'abr', 'may', 'jun', 'jul', 'ago', 'sep', 'oct', 'nov', 'dic'] as const;

/** `2024-03` → `{ month: 'mar', year: '2024' }`; anything else is shown as written. */
export function monthParts(mes: string): { month: string; year: string } {
  const m = /^(\d{4})-(\d{2})$/.exec(mes);
  const i = m ? Number(m[2]) - 1 : -1;
  return m && i >= 0 && i < 12 ? { month: MONTHS[i], year: m[1] } : { month: mes, year: '' };
}

export function formatMonth(mes: string): string {
  const { month, year } = monthParts(mes);
  return year ? `${month} ${year}` : month;
}

/** An ISO instant in Mexico City wall-clock time; an unparsable value is shown as written. */
export function formatInstant(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? dateTime.format(ms) : iso;
}

/** Elapsed time between two ISO instants (`12.3 s`, `4 min 5 s`), or '' when unknown. */
export function formatElapsed(fromIso: string, toIso: string): string {
  const ms = Date.parse(toIso) - Date.parse(fromIso);
  if (!Number.isFinite(ms) || ms < 0) return '';
  if (ms < 60_000) return `${formatDecimal(ms / 1000)} s`;
  const s = Math.round(ms / 1000);
  return `${formatInt(Math.floor(s / 60))} min ${s % 60} s`;
}

const compact = new Intl.NumberFormat(LOCALE, { notation: 'compact', maximumFractionDigits: 1 });
/** Axis labels: `12 mil`, `1.5 M`. */
export const formatCompact = (n: number): string => compact.format(n);
