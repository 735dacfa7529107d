import { en, type Catalogue } from './en.js';
import { es } from './es.js';
import { lang, type Lang } from './lang.js';

export { fmt } from './format.js';
export { LANGS, lang, resolveLang, setLang, type Lang } from './lang.js';
export type { Catalogue } from './en.js';

const CATALOGUES: Readonly<Record<Lang, Catalogue>> = { es, en };

/** The sentences of the process's language: `t().settingNotSet({ ... })`. */
export function t(): Catalogue {
  return CATALOGUES[lang()];
}

/** The sentences of a given language (a test comparing both; a report written in another). */
export function catalogue(of: Lang): Catalogue {
  return CATALOGUES[of];
}
