import { lang, type Lang } from './lang.js';

const LOCALE: Readonly<Record<Lang, string>> = { es: 'es-MX', en: 'en-US' };

const counts = new Map<Lang, Intl.NumberFormat>();
const moneys = new Map<Lang, Intl.NumberFormat>();
const decimals = new Map<string, Intl.NumberFormat>();

function cached(map: Map<string, Intl.NumberFormat>, key: string, make: () => Intl.NumberFormat): Intl.NumberFormat {
  let f = map.get(key);
  if (f === undefined) map.set(key, (f = make()));
  return f;
}

/**
 * How numbers read in every sentence, alike everywhere (contract §7): counts with thousands
 * separators, ids as plain digits, money with `$` and cents. es-MX and en-US write them the
 * same way (`1,234,567`, `$1,234.50`).
 */
export const fmt = {
  /** A count of rows, files, groups: `12,345`. */
  count: (n: number): string => cached(counts, lang(), () => new Intl.NumberFormat(LOCALE[lang()], { maximumFractionDigits: 0 })).format(n),
  /** An id or a line number: digits only, `12345`. */
  id: (n: number): string => String(n),
  /** Pesos: `$1,234.50`. */
  money: (n: number): string =>
    cached(moneys, lang(), () => new Intl.NumberFormat(LOCALE[lang()], { style: 'currency', currency: 'MXN', currencyDisplay: 'narrowSymbol' })).format(n),
  /** A measure with `digits` decimals and separators: `1,234.5`. */
  decimal: (n: number, digits = 1): string =>
    cached(decimals, `${lang()}:${digits}`, () => new Intl.NumberFormat(LOCALE[lang()], { minimumFractionDigits: digits, maximumFractionDigits: digits })).format(n),
};
