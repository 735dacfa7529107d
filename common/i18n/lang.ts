import type { Env } from '../settings.js';

/** The languages every human sentence of the project exists in (contract §7). */
export const LANGS = ['es', 'en'] as const;
export type Lang = (typeof LANGS)[number];

/**
 * The language of a process's sentences (contract §7): `RENTAS_LANG` (`es` | `en`), else the
 * first set of `LC_ALL`, `LC_MESSAGES` and `LANG` (Spanish when it starts with `es`), else
 * English. A `RENTAS_LANG` that is neither is left to the entry point's settings check
 * (`readLang`), which refuses it in the language the locale gives.
 */
export function resolveLang(env: Env): Lang {
  const chosen = env.RENTAS_LANG?.trim().toLowerCase();
  if (chosen === 'es' || chosen === 'en') return chosen;
  for (const name of ['LC_ALL', 'LC_MESSAGES', 'LANG']) {
    const value = env[name]?.trim();
    if (value !== undefined && value !== '') return value.toLowerCase().startsWith('es') ? 'es' : 'en';
  }
  return 'en';
}

let current: Lang | undefined;

/** The process's language: resolved from the environment on first use, or as set by `setLang`. */
export function lang(): Lang {
  current ??= resolveLang(process.env);
  return current;
}

/** Sets the process's language (an entry point after reading its settings; a test). */
export function setLang(value: Lang): void {
  current = value;
}
