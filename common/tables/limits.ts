/**
 * Bounds of the row rules that are settings: read once at start by the entry point that loads
 * rows (batch-job/src/core/config.ts) and bound into the table contracts with `now`. The
 * names are those of the settings, so a reject sentence can name the one that refused it.
 */
export interface TableLimits {
  /** The largest `costo_total` accepted, in whole pesos (MAX_COSTO_TOTAL). */
  readonly maxCostoTotal: number;
  /** The longest rental accepted, in days from fecha_inicio to fecha_fin (MAX_RENTAL_DAYS). */
  readonly maxRentalDays: number;
  /** How dates may be written (DATE_ORDER, contract §7): ISO only, or also day/month/year. */
  readonly dateOrder: DateOrder;
}

/** DATE_ORDER: `iso` (YYYY-MM-DD only) or `dmy` (also D/M/YYYY and DD/MM/YYYY); never guessed. */
export const DATE_ORDERS = ['iso', 'dmy'] as const;
export type DateOrder = (typeof DATE_ORDERS)[number];

/** The settings, their defaults and their allowed ranges (whole numbers). */
export const LIMIT_SETTINGS = {
  // 10^9 pesos is 10^11 cents: a warehouse of 90 000 rentals at the cap still sums below 2^53.
  MAX_COSTO_TOTAL: { min: 1, max: 1_000_000_000, fallback: 10_000_000 },
  MAX_RENTAL_DAYS: { min: 1, max: 100_000, fallback: 366 },
} as const;

export type LimitSettingName = keyof typeof LIMIT_SETTINGS;

export const DEFAULT_LIMITS: TableLimits = Object.freeze({
  maxCostoTotal: LIMIT_SETTINGS.MAX_COSTO_TOTAL.fallback,
  maxRentalDays: LIMIT_SETTINGS.MAX_RENTAL_DAYS.fallback,
  dateOrder: 'iso',
});
