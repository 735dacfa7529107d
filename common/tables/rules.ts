import type { RowReject } from './contract.js';

/** Thrown inside a validator to stop at the first broken rule; caught by `checkRow`. */
class RuleBroken {
  constructor(readonly reject: RowReject) {}
}

function broken(column: string, rule: string, message: string): never {
  // eslint-disable-next-line @typescript-eslint/only-throw-error -- a signal for checkRow, not an error: no stack to capture per rejected row
  throw new RuleBroken({ column, rule, message });
}

const quote = (raw: string): string => JSON.stringify(raw.length > 80 ? `${raw.slice(0, 77)}...` : raw);

/** Runs a validator that throws `RuleBroken` for the first rule the row breaks. */
export function checkRow(build: () => (string | number)[]) {
  try {
    return { ok: true as const, values: build() };
  } catch (e) {
    if (e instanceof RuleBroken) return { ok: false as const, reject: e.reject };
    throw e;
  }
}

const SPACES = /\s+/g;

/** Trims and collapses inner runs of white space. */
export function cleanText(raw: string): string {
  const t = raw.trim();
  return t.includes('  ') || /[\t\r\n]/.test(t) ? t.replace(SPACES, ' ') : t;
}

export function requiredText(column: string, raw: string): string {
  const t = cleanText(raw);
  if (t === '') broken(column, 'empty', `expected a non-empty text, got ${quote(raw)}`);
  return t;
}

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
export function positiveId(column: string, raw: string): number {
  const fast = plainDigits(raw);
  if (fast > 0) return fast;
  const t = raw.trim();
  if (!INTEGER.test(t)) broken(column, 'id', `expected a positive integer id, got ${quote(raw)}`);
  const n = Number(t);
  if (n < 1 || !Number.isSafeInteger(n)) broken(column, 'id', `expected a positive integer id, got ${quote(raw)}`);
  return n;
}

export function integerIn(column: string, raw: string, min: number, max: number): number {
  const t = raw.trim();
  const n = INTEGER.test(t) || /^-\d+$/.test(t) ? Number(t) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    broken(column, 'range', `expected an integer from ${min} to ${max}, got ${quote(raw)}`);
  }
  return n;
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export function nonNegativeNumber(column: string, raw: string): number {
  const t = raw.trim();
  const n = DECIMAL.test(t) ? Number(t) : NaN;
  if (!Number.isFinite(n) || n < 0) broken(column, 'number', `expected a number >= 0, got ${quote(raw)}`);
  return n;
}

// Deliberately plausible, not RFC 5322: one @, no spaces, a dot in the domain.
const EMAIL = /^[^\s@"<>,;]+@[^\s@"<>,;]+\.[^\s@"<>,;.]+$/;

export function email(column: string, raw: string): string {
  const t = raw.trim().toLowerCase();
  if (!EMAIL.test(t) || t.includes('..')) broken(column, 'email', `expected an e-mail address, got ${quote(raw)}`);
  return t;
}

export interface WallClock {
  /** Normalised `YYYY-MM-DD HH:MM:SS`, as stored. */
  readonly text: string;
  /** Milliseconds of the wall-clock time read as UTC: only differences are meaningful. */
  readonly ms: number;
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const daysInMonth = (year: number, month: number): number =>
  month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : DAYS[month - 1];

const digit = (text: string, at: number): number => {
  const d = text.charCodeAt(at) - 48;
  return d >= 0 && d <= 9 ? d : NaN;
};
const two = (text: string, at: number): number => digit(text, at) * 10 + digit(text, at + 1);

/**
 * An ISO date or date-time without zone, taken as written; impossible dates are refused.
 * The fields are read by position (no regex, no copies): this runs twice per rental.
 */
export function wallClock(column: string, raw: string): WallClock {
  const t = raw.length === 19 || raw.length === 10 || raw.length === 16 ? raw : raw.trim();
  const n = t.length;
  const bad = (): never =>
    broken(column, 'date', `expected a date YYYY-MM-DD or date-time YYYY-MM-DD HH:MM[:SS], got ${quote(raw)}`);
  if ((n !== 10 && n !== 16 && n !== 19) || t.charCodeAt(4) !== 45 || t.charCodeAt(7) !== 45) return bad();
  const year = two(t, 0) * 100 + two(t, 2);
  const month = two(t, 5);
  const day = two(t, 8);
  let hour = 0;
  let minute = 0;
  let second = 0;
  if (n > 10) {
    const sep = t.charCodeAt(10);
    if ((sep !== 32 && sep !== 84) || t.charCodeAt(13) !== 58 || (n === 19 && t.charCodeAt(16) !== 58)) return bad();
    hour = two(t, 11);
    minute = two(t, 14);
    second = n === 19 ? two(t, 17) : 0;
  }
  // NaN (a non-digit) fails every comparison below.
  if (!(year >= 1 && month >= 1 && month <= 12 && day >= 1 && hour <= 23 && minute <= 59 && second <= 59)) return bad();
  if (day > daysInMonth(year, month)) return bad();
  let ms = Date.UTC(year, month - 1, day, hour, minute, second);
  // Date.UTC reads years 0..99 as 1900..1999.
  if (year < 100) ms = new Date(ms).setUTCFullYear(year);
  const text = n === 19 && t.charCodeAt(10) === 32 ? t : `${t.slice(0, 10)} ${n > 10 ? t.slice(11, 16) : '00:00'}:${n === 19 ? t.slice(17, 19) : '00'}`;
  return { text, ms };
}

export function rejectRow(column: string, rule: string, message: string): never {
  return broken(column, rule, message);
}
