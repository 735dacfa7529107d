import { describe, expect, it } from 'vitest';
import { catalogue, fmt, resolveLang, setLang, lang } from '../../common/i18n/index.js';
import { readLang } from '../../common/settings.js';
import { ConfigError } from '../../common/errors.js';

describe('the language of the sentences (contract §7)', () => {
  it('takes RENTAS_LANG first, then the first set of LC_ALL, LC_MESSAGES and LANG, else English', () => {
    expect(resolveLang({ RENTAS_LANG: 'es', LANG: 'en_US.UTF-8' })).toBe('es');
    expect(resolveLang({ RENTAS_LANG: 'EN', LC_ALL: 'es_MX.UTF-8' })).toBe('en');
    expect(resolveLang({ LC_ALL: 'es_MX.UTF-8', LANG: 'en_US.UTF-8' })).toBe('es');
    expect(resolveLang({ LC_ALL: '', LC_MESSAGES: 'C', LANG: 'es_MX.UTF-8' })).toBe('en');
    expect(resolveLang({ LANG: 'es' })).toBe('es');
    expect(resolveLang({ LANG: 'C.UTF-8' })).toBe('en');
    expect(resolveLang({})).toBe('en');
  });

  it('refuses a RENTAS_LANG that is neither es nor en as a bad setting', () => {
    expect(readLang({ RENTAS_LANG: 'es' })).toBe('es');
    expect(readLang({})).toBeUndefined();
    expect(() => readLang({ RENTAS_LANG: 'fr' })).toThrow(ConfigError);
  });

  it('has every key in both catalogues (the compiler checks the shape; this checks nothing is left blank)', () => {
    const es = catalogue('es');
    const en = catalogue('en');
    expect(Object.keys(es).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en) as (keyof typeof en)[]) expect(typeof es[key]).toBe(typeof en[key]);
  });

  it('writes numbers alike in both languages: separators on counts, none on ids, $ on money', () => {
    const before = lang();
    try {
      for (const l of ['es', 'en'] as const) {
        setLang(l);
        expect(fmt.count(1234567)).toBe('1,234,567');
        expect(fmt.id(1234567)).toBe('1234567');
        expect(fmt.money(1234.5)).toBe('$1,234.50');
        expect(fmt.decimal(3.25, 1)).toBe('3.3');
      }
    } finally {
      setLang(before);
    }
  });

  it('says a refused setting in the chosen language', () => {
    const before = lang();
    try {
      setLang('es');
      expect(() => readLang({ RENTAS_LANG: 'fr' })).toThrow('RENTAS_LANG debe ser uno de es, en, se recibió "fr".');
      setLang('en');
      expect(() => readLang({ RENTAS_LANG: 'fr' })).toThrow('RENTAS_LANG must be one of es, en, got "fr".');
    } finally {
      setLang(before);
    }
  });
});
