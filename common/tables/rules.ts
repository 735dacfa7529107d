import { RejectCode } from '../errors.js';
import { fmt, t } from '../i18n/index.js';
import type { Rule, RowReject } from './contract.js';

/** Thrown by a rule to stop at the first broken rule of a row; caught by the row check. */
class RuleBroken {
  constructor(readonly reject: RowReject) {}
}

function broken(column: string, code: RejectCode, message: string): never {
  // eslint-disable-next-line @typescript-eslint/only-throw-error -- a signal for checkRow, not an error: no stack to capture per rejected row
  throw new RuleBroken({ column, code, message });
}

/** The reject a rule threw, or undefined for any other error (a bug, which propagates). */
export function rejectOf(error: unknown): RowReject | undefined {
  return error instanceof RuleBroken ? error.reject : undefined;
}

/** The sentences of reject reasons, looked up only when a row is rejected (`t` is a local name below). */
const catalogue = t;

const quote = (raw: string): string => JSON.stringify(raw.length > 80 ? `${raw.slice(0, 77)}...` : raw);

const SPACES = /\s+/g;

function clean(raw: string): string {
  const t = raw.trim();
  return t.includes('  ') || /[\t\r\n]/.test(t) ? t.replace(SPACES, ' ') : t;
}

/** Any text, trimmed, inner runs of white space collapsed. */
export const cleanText: Rule = () => clean;

/** A text that is not empty once cleaned. */
export const requiredText: Rule = ({ column }) => (raw) => {
  const t = clean(raw);
  if (t === '') broken(column, RejectCode.EMPTY_TEXT, catalogue().rejectEmptyText({ got: quote(raw) }));
  return t;
};

const INTEGER = /^[+]?\d+$/;

/** Digits only, no sign or space: the common case, read without a regex or a copy. */
function plainDigits(raw: string): number {
  const n = raw.length;
  if (n === 0 || n > 15) return -1;
  let value = 0;
  for (let i = 0; i < n; i++) {
    const d = raw.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

/** A positive integer id (1 .. 2^53-1). */
export const positiveId: Rule = ({ column }) => (raw) => {
  const fast = plainDigits(raw);
  if (fast > 0) return fast;
  const t = raw.trim();
  if (!INTEGER.test(t)) broken(column, RejectCode.BAD_ID, catalogue().rejectBadId({ got: quote(raw) }));
  const n = Number(t);
  if (n < 1 || !Number.isSafeInteger(n)) broken(column, RejectCode.BAD_ID, catalogue().rejectBadId({ got: quote(raw) }));
  return n;
};

/** An integer from `min` to `max`; a bound may depend on the run's date (next year's models). */
export function integerIn(min: number, max: number | ((now: Date) => number)): Rule {
  return ({ column, now }) => {
    const top = typeof max === 'number' ? max : max(now);
    return (raw) => {
      const t = raw.trim();
      const n = INTEGER.test(t) || /^-\d+$/.test(t) ? Number(t) : NaN;
      if (!Number.isSafeInteger(n) || n < min || n > top) {
        broken(column, RejectCode.OUT_OF_RANGE, catalogue().rejectIntegerRange({ min: String(min), max: String(top), got: quote(raw) }));
      }
      return n;
    };
  };
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Digits with a comma among them (`1234,50`, `1.234,50`, `1,234.50`): a number written the Spanish way, or with thousands. */
const COMMA_NUMBER = /^\s*[+-]?\d[\d.,]*\s*$/;

/** The reason for a text that is not a number: a comma in one says so (code BAD_NUMBER either way). */
function notANumber(raw: string, otherwise: () => string): string {
  return raw.includes(',') && COMMA_NUMBER.test(raw) ? catalogue().rejectNumberWithComma({ got: quote(raw) }) : otherwise();
}

export const nonNegativeNumber: Rule = ({ column }) => (raw) => {
  const t = raw.trim();
  const n = DECIMAL.test(t) ? Number(t) : NaN;
  if (Number.isNaN(n)) broken(column, RejectCode.BAD_NUMBER, notANumber(raw, () => catalogue().rejectNegativeNumber({ got: quote(raw) })));
  if (!Number.isFinite(n) || n < 0) broken(column, RejectCode.BAD_NUMBER, catalogue().rejectNegativeNumber({ got: quote(raw) }));
  return n;
};

/**
 * An amount of money from 0 to MAX_COSTO_TOTAL pesos, stored in pesos rounded to cents; the
 * whole cents are left in `scratch` for `centsOf`. The decimal text is read exactly (see
 * `decimalCents`), so `1.005` is 1.01 and sums of cents are exact; the bound applies to the
 * value as written, before rounding.
 */
export const money: Rule = ({ column, index, limits }) => {
  const top = limits.maxCostoTotal;
  const topCents = top * 100;
  const expected = (raw: string) => catalogue().rejectMoney({ max: String(top), got: quote(raw) });
  return (raw, _row, scratch) => {
    const cents = decimalCents(raw, topCents);
    if (cents === NOT_A_NUMBER) broken(column, RejectCode.BAD_NUMBER, notANumber(raw, () => expected(raw)));
    if (cents < 0) broken(column, RejectCode.OUT_OF_RANGE, expected(raw));
    scratch[index] = cents;
    return cents / 100;
  };
};

/** Computed: the whole cents of `source`, a `money` column. */
export function centsOf(source: string): Rule {
  return (context) => {
    const at = context.earlier(source);
    return (_raw, _row, scratch) => scratch[at];
  };
}

const NOT_A_NUMBER = -1;
const OUT_OF_RANGE = -2;
/** Past this many digits of whole cents the value is over any cap (caps are at most 10^11 cents). */
const MAX_CENT_DIGITS = 15;

/**
 * The whole cents of a decimal text (`[+-]digits[.digits][e[+-]digits]`, at least one digit,
 * white space around allowed), rounded half away from zero on the decimal digits as written,
 * never through a binary float: `1.005` is 101, `100.005` is 10001, `1e2` is 10000. Returns
 * NOT_A_NUMBER for any other text (`Infinity`, `NaN`, `1,5`, `0x10`), and OUT_OF_RANGE when the
 * value as written is below 0 or above `topCents` (so `10000000.001` is over a 10^9-cent cap
 * although it rounds to it). One pass over the characters, no regex and no copy.
 */
export function decimalCents(raw: string, topCents: number): number {
  let from = 0;
  let to = raw.length;
  while (from < to && raw.charCodeAt(from) <= 32) from++;
  while (to > from && raw.charCodeAt(to - 1) <= 32) to--;
  let at = from;
  let negative = false;
  const sign = raw.charCodeAt(at);
  if (sign === 43 || sign === 45) {
    negative = sign === 45;
    at++;
  }
  // The digits, integer part then fraction, read as one digit string S with `fraction` digits after the point.
  const intStart = at;
  while (at < to && isDigit(raw.charCodeAt(at))) at++;
  const intEnd = at;
  let fracStart = at;
  let fracEnd = at;
  if (at < to && raw.charCodeAt(at) === 46) {
    fracStart = ++at;
    while (at < to && isDigit(raw.charCodeAt(at))) at++;
    fracEnd = at;
  }
  const intLength = intEnd - intStart;
  const length = intLength + fracEnd - fracStart;
  if (length === 0) return NOT_A_NUMBER;
  let exponent = 0;
  if (at < to && (raw.charCodeAt(at) | 32) === 101) {
    at++;
    let expNegative = false;
    const expSign = raw.charCodeAt(at);
    if (expSign === 43 || expSign === 45) {
      expNegative = expSign === 45;
      at++;
    }
    if (at >= to) return NOT_A_NUMBER;
    while (at < to && isDigit(raw.charCodeAt(at))) {
      // Saturates: beyond a million only "far too large" or "rounds to 0" matters.
      if (exponent < 1_000_000) exponent = exponent * 10 + raw.charCodeAt(at) - 48;
      at++;
    }
    if (expNegative) exponent = -exponent;
  }
  if (at !== to) return NOT_A_NUMBER;
  const digitAt = (k: number): number => raw.charCodeAt(k < intLength ? intStart + k : fracStart + k - intLength) - 48;
  let first = 0;
  while (first < length && digitAt(first) === 0) first++;
  if (first === length) return 0;
  if (negative) return OUT_OF_RANGE;
  // value = S * 10^(exponent - fractionDigits); cents shift it two more places.
  const significant = length - first;
  const whole = significant + exponent - (fracEnd - fracStart) + 2;
  if (whole > MAX_CENT_DIGITS) return OUT_OF_RANGE;
  let cents = 0;
  for (let k = 0; k < Math.min(whole, significant); k++) cents = cents * 10 + digitAt(first + k);
  for (let k = significant; k < whole; k++) cents *= 10;
  // The digits dropped below the cent: the first decides the rounding, any decides "as written".
  let roundUp = false;
  let dropped = false;
  if (whole < significant) {
    const start = Math.max(whole, 0);
    roundUp = whole === start && digitAt(first + start) >= 5;
    for (let k = start; k < significant && !dropped; k++) dropped = digitAt(first + k) !== 0;
  }
  if (cents > topCents || (cents === topCents && dropped)) return OUT_OF_RANGE;
  return roundUp ? cents + 1 : cents;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

// Deliberately plausible, not RFC 5322: one @, no spaces, a dot in the domain.
const EMAIL = /^[^\s@"<>,;]+@[^\s@"<>,;]+\.[^\s@"<>,;.]+$/;

/** A plausible e-mail address, stored lower-case. */
export const email: Rule = ({ column }) => (raw) => {
  const t = raw.trim().toLowerCase();
  if (!EMAIL.test(t) || t.includes('..')) broken(column, RejectCode.BAD_EMAIL, catalogue().rejectEmail({ got: quote(raw) }));
  return t;
};

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const daysInMonth = (year: number, month: number): number =>
  month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : DAYS[month - 1];

const digit = (text: string, at: number): number => {
  const d = text.charCodeAt(at) - 48;
  return d >= 0 && d <= 9 ? d : NaN;
};
const two = (text: string, at: number): number => digit(text, at) * 10 + digit(text, at + 1);

/**
 * An ISO date or date-time without zone, taken as written and stored as `YYYY-MM-DD HH:MM:SS`;
 * impossible dates are refused. With DATE_ORDER=dmy, `D/M/YYYY` and `DD/MM/YYYY` (with `/` or
 * `-`, optionally ` HH:MM[:SS]`) are accepted too. The ISO fields are read by position (no
 * regex, no copies): this runs twice per rental; other forms are looked at only when that fails.
 */
export const wallClock: Rule = ({ column, index, limits }) => {
  const dmy = limits.dateOrder === 'dmy';
  return (raw, _row, scratch) => readWallClock(column, raw, scratch, index, dmy);
};

/** Checks and normalises a wall-clock text; leaves its milliseconds (read as UTC) in `scratch[index]`. */
function readWallClock(column: string, raw: string, scratch: Float64Array, index: number, dmy: boolean): string {
  const t = raw.length === 19 || raw.length === 10 || raw.length === 16 ? raw : raw.trim();
  const n = t.length;
  if ((n !== 10 && n !== 16 && n !== 19) || t.charCodeAt(4) !== 45 || t.charCodeAt(7) !== 45) {
    // A value of an ISO length was not trimmed above: a day-first one may be padded.
    return dmy ? readDayFirst(column, raw, t.trim(), scratch, index) : badDate(column, raw, t.trim(), false);
  }
  const year = two(t, 0) * 100 + two(t, 2);
  const month = two(t, 5);
  const day = two(t, 8);
  let hour = 0;
  let minute = 0;
  let second = 0;
  if (n > 10) {
    const sep = t.charCodeAt(10);
    if ((sep !== 32 && sep !== 84) || t.charCodeAt(13) !== 58 || (n === 19 && t.charCodeAt(16) !== 58)) return badDate(column, raw, t, dmy);
    hour = two(t, 11);
    minute = two(t, 14);
    second = n === 19 ? two(t, 17) : 0;
  }
  if (!isWallClock(year, month, day, hour, minute, second)) return badDate(column, raw, t, dmy);
  scratch[index] = utcMs(year, month, day, hour, minute, second);
  return n === 19 && t.charCodeAt(10) === 32 ? t : `${t.slice(0, 10)} ${n > 10 ? t.slice(11, 16) : '00:00'}:${n === 19 ? t.slice(17, 19) : '00'}`;
}

/** Whether the fields make a real date and time; NaN (a non-digit) fails every comparison. */
function isWallClock(year: number, month: number, day: number, hour: number, minute: number, second: number): boolean {
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && hour <= 23 && minute <= 59 && second <= 59 && day <= daysInMonth(year, month);
}

/** Something day/month/year-like, whatever the year's digits and what follows: for the reason only. */
const DAY_FIRST_LIKE = /^\d{1,2}([/-])\d{1,2}\1(\d+)(?:\D|$)/;
/** A 12-hour time: `a. m.`, `p. m.`, `am`, `PM`... at the end. */
const AM_PM = /\d\s*[ap]\.?\s*m\.?$/i;

const pad = (n: number): string => (n < 10 ? `0${n}` : String(n));

/**
 * DATE_ORDER=dmy: `D/M/YYYY` or `DD/MM/YYYY`, `/` or `-` (the same twice), then optionally
 * ` HH:MM` or ` HH:MM:SS`; stored as ISO. Read by position, as the ISO form is.
 */
function readDayFirst(column: string, raw: string, t: string, scratch: Float64Array, index: number): string {
  const n = t.length;
  let at = 1;
  let day = digit(t, 0);
  if (isDigit(t.charCodeAt(at))) day = day * 10 + digit(t, at++);
  const sep = t.charCodeAt(at++);
  let month = digit(t, at++);
  if (isDigit(t.charCodeAt(at))) month = month * 10 + digit(t, at++);
  const yearAt = at + 1;
  const rest = n - yearAt - 4;
  if ((sep !== 47 && sep !== 45) || t.charCodeAt(at) !== sep || (rest !== 0 && rest !== 6 && rest !== 9)) return badDate(column, raw, t, true);
  const year = two(t, yearAt) * 100 + two(t, yearAt + 2);
  let hour = 0;
  let minute = 0;
  let second = 0;
  if (rest > 0) {
    const h = yearAt + 5;
    if (t.charCodeAt(h - 1) !== 32 || t.charCodeAt(h + 2) !== 58 || (rest === 9 && t.charCodeAt(h + 5) !== 58)) return badDate(column, raw, t, true);
    hour = two(t, h);
    minute = two(t, h + 3);
    second = rest === 9 ? two(t, h + 6) : 0;
  }
  // NaN (a non-digit) fails every comparison in isWallClock.
  if (!isWallClock(year, month, day, hour, minute, second)) return badDate(column, raw, t, true);
  scratch[index] = utcMs(year, month, day, hour, minute, second);
  return `${t.slice(yearAt, yearAt + 4)}-${pad(month)}-${pad(day)} ${pad(hour)}:${pad(minute)}:${pad(second)}`;
}

/**
 * Rejects a date with the reason that helps: a 12-hour time, a two-digit year, a day-first
 * date under DATE_ORDER=iso (naming the setting: it is never guessed), or the forms expected.
 */
function badDate(column: string, raw: string, t: string, dmy: boolean): never {
  const c = catalogue();
  const got = quote(raw);
  if (AM_PM.test(t)) return broken(column, RejectCode.BAD_DATE, c.rejectDateAmPm({ got }));
  const like = DAY_FIRST_LIKE.exec(t);
  if (like && like[2].length === 2) return broken(column, RejectCode.BAD_DATE, c.rejectDateTwoDigitYear({ got }));
  if (like && like[2].length === 4 && !dmy) return broken(column, RejectCode.BAD_DATE, c.rejectDateNeedsDmy({ got }));
  return broken(column, RejectCode.BAD_DATE, dmy ? c.rejectDateDmy({ got }) : c.rejectDate({ got }));
}

/**
 * A wall-clock time (as `wallClock`) strictly after the one in column `start`, a `wallClock`
 * column, and at most MAX_RENTAL_DAYS after it.
 */
export function wallClockAfter(start: string): Rule {
  return ({ column, index, earlier, limits }) => {
    const startAt = earlier(start);
    const days = limits.maxRentalDays;
    const longest = days * DAY_MS;
    const dmy = limits.dateOrder === 'dmy';
    return (raw, row, scratch) => {
      const text = readWallClock(column, raw, scratch, index, dmy);
      const span = scratch[index] - scratch[startAt];
      if (span <= 0) {
        broken(column, RejectCode.DATE_ORDER, catalogue().rejectDateNotAfter({ start, startValue: String(row[startAt]), got: JSON.stringify(raw.trim()) }));
      }
      if (span > longest) {
        broken(column, RejectCode.OUT_OF_RANGE, catalogue().rejectRentalTooLong({ days: fmt.id(days), start, startValue: String(row[startAt]), got: quote(raw.trim()) }));
      }
      return text;
    };
  };
}

const DAY_MS = 86_400_000;

/**
 * Milliseconds of a wall-clock time read as UTC (only differences are meaningful), as Date.UTC
 * would give them, by integer arithmetic: no Date, and no two-digit-year shift.
 */
function utcMs(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
  // Days from 1970-01-01 in the proleptic Gregorian calendar (Hinnant's days_from_civil).
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const days = era * 146_097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719_468;
  return days * DAY_MS + hour * 3_600_000 + minute * 60_000 + second * 1000;
}

/**
 * Computed: the days (fractional) from the time in `start` to the one in `end`, two columns
 * with wall-clock rules, which leave their milliseconds in `scratch`.
 */
export function daysBetween(start: string, end: string): Rule {
  return ({ earlier }) => {
    const startAt = earlier(start);
    const endAt = earlier(end);
    return (_raw, _row, scratch) => (scratch[endAt] - scratch[startAt]) / DAY_MS;
  };
}

/**
 * Computed: the whole seconds from the time in `start` to the one in `end` (wall-clock rules,
 * which read whole seconds): the exact duration that the aggregate sums.
 */
export function secondsBetween(start: string, end: string): Rule {
  return (context) => {
    const startAt = context.earlier(start);
    const endAt = context.earlier(end);
    return (_raw, _row, scratch) => (scratch[endAt] - scratch[startAt]) / 1000;
  };
}

/** Breaks a rule from a table's own one-off rule: the row is rejected with this reason. */
export function rejectRow(column: string, code: RejectCode, message: string): never {
  return broken(column, code, message);
}
