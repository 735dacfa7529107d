/**
 * The rental calendar: which days exist, how busy each one is, and how a time is written.
 * Times are whole seconds since 2023-01-01 00:00 wall-clock; the text is formatted from
 * precomputed day strings, which costs a fraction of a `Date` per row.
 */

const DAY_MS = 86_400_000;
export const DAY_SECONDS = 86_400;
const FIRST_DAY_MS = Date.UTC(2023, 0, 1);
/** 2023-01-01 .. 2025-12-31. */
export const PERIOD_DAYS = Math.round((Date.UTC(2026, 0, 1) - FIRST_DAY_MS) / DAY_MS);
/** A rental may end this many days after the last start day. */
const OVERHANG_DAYS = 60;

/** Seconds from the start of the period to midnight of a date (negative before it). */
export function secondsAt(year: number, month: number, day: number): number {
  return (Date.UTC(year, month - 1, day) - FIRST_DAY_MS) / 1000;
}

/** Month-of-year demand: summer holidays and December lead, September and February trail. */
const MONTH_FACTOR = [0.85, 0.8, 0.95, 1.0, 0.95, 1.0, 1.45, 1.4, 0.8, 0.9, 1.0, 1.35];
/** Sunday first, as `getUTCDay()`: pickups cluster before the weekend. */
const WEEKDAY_FACTOR = [0.85, 0.95, 0.95, 0.95, 1.0, 1.25, 1.1];
/** Yearly growth of the business. */
const YEAR_GROWTH = 0.08;

/** Easter Sunday of a Gregorian year (anonymous Gregorian algorithm), as epoch ms. */
export function easterSunday(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return Date.UTC(year, month - 1, day);
}

/** Relative demand of each day of the period (index 0 is 2023-01-01). */
export function dayWeights(): Float64Array {
  const weights = new Float64Array(PERIOD_DAYS);
  const holyWeeks = [2023, 2024, 2025].map((y) => easterSunday(y));
  for (let i = 0; i < PERIOD_DAYS; i++) {
    const ms = FIRST_DAY_MS + i * DAY_MS;
    const date = new Date(ms);
    const month = date.getUTCMonth();
    const day = date.getUTCDate();
    let w = MONTH_FACTOR[month] * WEEKDAY_FACTOR[date.getUTCDay()];
    w *= 1 + YEAR_GROWTH * (date.getUTCFullYear() - 2023);
    if ((month === 11 && day >= 15) || (month === 0 && day <= 6)) w *= 1.25;
    // Semana Santa and Semana de Pascua: Palm Sunday to the Sunday after Easter.
    if (holyWeeks.some((easter) => ms >= easter - 7 * DAY_MS && ms <= easter + 7 * DAY_MS)) w *= 1.6;
    weights[i] = w;
  }
  return weights;
}

/**
 * Splits `total` over days in proportion to `weights` so that the counts add up exactly
 * (cumulative rounding: no day drifts by more than one from its share).
 */
export function spread(total: number, weights: Float64Array): Int32Array {
  let sum = 0;
  for (const w of weights) sum += w;
  const counts = new Int32Array(weights.length);
  let acc = 0;
  let given = 0;
  for (let i = 0; i < weights.length; i++) {
    acc += weights[i];
    const upTo = i === weights.length - 1 ? total : Math.round((total * acc) / sum);
    counts[i] = upTo - given;
    given = upTo;
  }
  return counts;
}

const PAD2 = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));

/** Formats seconds since the start of the period as `YYYY-MM-DD HH:MM:SS`. */
export class ClockFormatter {
  private readonly days: string[];

  constructor() {
    this.days = Array.from({ length: PERIOD_DAYS + OVERHANG_DAYS }, (_, i) =>
      new Date(FIRST_DAY_MS + i * DAY_MS).toISOString().slice(0, 10),
    );
  }

  /** Latest representable time; rentals are cut to end before it. */
  get limit(): number {
    return this.days.length * DAY_SECONDS - 1;
  }

  format(seconds: number): string {
    const day = Math.floor(seconds / DAY_SECONDS);
    let rest = seconds - day * DAY_SECONDS;
    const h = Math.floor(rest / 3600);
    rest -= h * 3600;
    const m = Math.floor(rest / 60);
    return `${this.days[day]} ${PAD2[h]}:${PAD2[m]}:${PAD2[rest - m * 60]}`;
  }
}
