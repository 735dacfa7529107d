import { ConfigError } from './errors.js';
import { LANGS, type Lang } from './i18n/lang.js';
import { t } from './i18n/index.js';

/** The environment, or any map of settings read like it. */
export type Env = Readonly<Record<string, string | undefined>>;

/** A setting's value as a sentence shows it: quoted, control characters escaped, cut to 80 characters. */
export const shown = (raw: string | undefined): string => JSON.stringify(raw === undefined ? null : raw.length > 80 ? `${raw.slice(0, 77)}...` : raw);

/** A setting's trimmed value; undefined when it is unset or blank. */
function valueOf(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/**
 * A text setting. Without a fallback it is required: unset or blank fails with one sentence
 * naming it and `what` it should hold.
 */
export function readText(env: Env, name: string, what: string): string;
export function readText(env: Env, name: string, what: string, fallback: string): string;
export function readText(env: Env, name: string, what: string, fallback?: string): string {
  const value = valueOf(env, name) ?? fallback;
  if (value === undefined) throw new ConfigError(t().settingNotSet({ name, what, got: shown(env[name]) }));
  return value;
}

/** A text setting that may be left out. */
export function readOptionalText(env: Env, name: string): string | undefined {
  return valueOf(env, name);
}

/** A whole number from `min` to `max`; `fallback` when unset or blank. */
export function readInteger(env: Env, name: string, range: { min: number; max: number; fallback: number }): number {
  const value = valueOf(env, name);
  if (value === undefined) return range.fallback;
  const n = /^[+-]?\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < range.min || n > range.max) {
    throw new ConfigError(t().settingNotWholeNumber({ name, min: range.min, max: range.max, got: shown(env[name]) }));
  }
  return n;
}

/** One of `choices` (compared without case, returned as written there); `fallback` when unset or blank. */
export function readChoice<const T extends string>(env: Env, name: string, choices: readonly T[], fallback: NoInfer<T>): T;
export function readChoice<const T extends string>(env: Env, name: string, choices: readonly T[]): T | undefined;
export function readChoice<const T extends string>(env: Env, name: string, choices: readonly T[], fallback?: T): T | undefined {
  const value = valueOf(env, name);
  if (value === undefined) return fallback;
  const found = choices.find((c) => c.toLowerCase() === value.toLowerCase());
  if (found === undefined) throw new ConfigError(t().settingNotChoice({ name, choices: choices.join(', '), got: shown(env[name]) }));
  return found;
}

/** `true` or `false` (also `1` / `0`); `fallback` when unset or blank. */
export function readBoolean(env: Env, name: string, fallback: boolean): boolean {
  const value = readChoice(env, name, ['true', 'false', '1', '0']);
  return value === undefined ? fallback : value === 'true' || value === '1';
}

/** `RENTAS_LANG` checked: `es`, `en`, or unset (then the locale decides, see `resolveLang`). */
export function readLang(env: Env): Lang | undefined {
  return readChoice(env, 'RENTAS_LANG', LANGS);
}
