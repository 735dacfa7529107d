import type { RowReject } from './contract.js';

/** Thrown inside a validator to stop at the first broken rule; caught by `checkRow`. */
class RuleBroken {
  constructor(readonly reject: RowReject) {}
}

function broken(column: string, rule: string, message: string): never {
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

/** A positive integer id (1 .. 2^53-1). */
export function positiveId(column: string, raw: string): number {
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

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

export interface WallClock {
  /** Normalised `YYYY-MM-DD HH:MM:SS`, as stored. */
  readonly text: string;
  /** Milliseconds of the wall-clock time read as UTC: only differences are meaningful. */
  readonly ms: number;
}

/** An ISO date or date-time without zone, taken as written; impossible dates are refused. */
export function wallClock(column: string, raw: string): WallClock {
  const t = raw.trim();
  const m = DATE_TIME.exec(t);
  const bad = (): never =>
    broken(column, 'date', `expected a date YYYY-MM-DD or date-time YYYY-MM-DD HH:MM[:SS], got ${quote(raw)}`);
  if (!m) return bad();
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [hour, minute, second] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return bad();
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  if (new Date(ms).getUTCDate() !== day || year < 1) return bad();
  const text = `${m[1]}-${m[2]}-${m[3]} ${m[4] ?? '00'}:${m[5] ?? '00'}:${m[6] ?? '00'}`;
  return { text, ms };
}

export function rejectRow(column: string, rule: string, message: string): never {
  return broken(column, rule, message);
}
