import { lang, t } from '../../../../common/i18n/index.js';

/**
 * Number, money and date formats of the report, in the process's language (es-MX and en-US
 * both write 1,234.5 and $1,234.50; month names, compact figures and dates differ).
 */
interface Formats {
  integer: Intl.NumberFormat;
  oneDecimal: Intl.NumberFormat;
  money: Intl.NumberFormat;
  moneyWhole: Intl.NumberFormat;
  percent: Intl.NumberFormat;
  compact: Intl.NumberFormat;
  dateTime: Intl.DateTimeFormat;
}

const byLang = new Map<string, Formats>();

function formats(): Formats {
  const key = lang();
  let f = byLang.get(key);
  if (f === undefined) {
    const locale = t().reportLocale;
    const currency = { style: 'currency', currency: 'MXN', currencyDisplay: 'narrowSymbol' } as const;
    f = {
      integer: new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }),
      oneDecimal: new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
      money: new Intl.NumberFormat(locale, currency),
      moneyWhole: new Intl.NumberFormat(locale, { ...currency, maximumFractionDigits: 0 }),
      percent: new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }),
      compact: new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 }),
      dateTime: new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'America/Mexico_City' }),
    };
    byLang.set(key, f);
  }
  return f;
}

export const formatInt = (n: number): string => formats().integer.format(n);
/** Days and other averages: always one decimal, so columns line up. */
export const formatDecimal = (n: number): string => formats().oneDecimal.format(n);
export const formatMoney = (n: number): string => formats().money.format(n);
/** Money without cents, for tables and chart labels where space is short. */
export const formatMoneyShort = (n: number): string => formats().moneyWhole.format(n);
export const formatPercent = (ratio: number): string => formats().percent.format(ratio);
/** Axis labels: `12 mil`, `1.5 M` (es); `12K`, `1.5M` (en). */
export const formatCompact = (n: number): string => formats().compact.format(n);

/** `2024-03` → `{ month: 'mar', year: '2024' }`; anything else is shown as written. */
export function monthParts(mes: string): { month: string; year: string } {
  const names = t().reportMonthNames;
  const m = /^(\d{4})-(\d{2})$/.exec(mes);
  const i = m ? Number(m[2]) - 1 : -1;
  return m && i >= 0 && i < 12 ? { month: names[i], year: m[1] } : { month: mes, year: '' };
}

export function formatMonth(mes: string): string {
  const { month, year } = monthParts(mes);
  return year ? `${month} ${year}` : month;
}

/** An ISO instant in Mexico City wall-clock time; an unparsable value is shown as written. */
export function formatInstant(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? formats().dateTime.format(ms) : iso;
}

/** Elapsed time between two ISO instants (`450 ms`, `12.3 s`, `4 min 5 s`), or '' when unknown. */
export function formatElapsed(fromIso: string, toIso: string): string {
  const ms = Date.parse(toIso) - Date.parse(fromIso);
  if (!Number.isFinite(ms) || ms < 0) return '';
  if (ms < 1000) return `${formatInt(ms)} ms`;
  if (ms < 60_000) return `${formatDecimal(ms / 1000)} s`;
  const s = Math.round(ms / 1000);
  return `${formatInt(Math.floor(s / 60))} min ${s % 60} s`;
}

/**
 * A vehicle as people name it: brand, model, year, without the brand twice when the model
 * already starts with it (`Mazda` + `Mazda 3` or `Mazda3` → `Mazda 3 2022`, as the maker names it).
 */
export function vehicleName(marca: string, modelo: string, anio?: number): string {
  const brand = marca.trim();
  const model = modelo.trim();
  const repeats = brand !== '' && model.toLowerCase().startsWith(brand.toLowerCase()) && /^(\P{L}|$)/u.test(model.slice(brand.length));
  const name = repeats || brand === '' ? model : `${brand} ${model}`;
  return anio === undefined ? name : `${name} ${anio}`;
}
