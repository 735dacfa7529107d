import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../batch-job/src/core/config.js';
import { IdSet } from '../../batch-job/src/core/id-set.js';
import { migrate, SCHEMA_VERSION } from '../../batch-job/src/core/migrations.js';
import { EtlError, ioFault } from '../../common/errors.js';
import { catalogue, lang, LANGS, setLang, t, type Catalogue, type Lang } from '../../common/i18n/index.js';
import { isIgnored, parseIncomingKey } from '../../common/keys.js';
import { tableContracts } from '../../common/tables/index.js';

const initial = lang();
afterEach(() => setLang(initial));

/** What `act` throws in each language: the same error, said twice. */
function thrownInEach(act: () => unknown): Record<Lang, EtlError> {
  const errors = {} as Record<Lang, EtlError>;
  for (const l of LANGS) {
    setLang(l);
    try {
      act();
    } catch (e) {
      if (!(e instanceof EtlError)) throw e;
      errors[l] = e;
      continue;
    }
    throw new Error(`nothing was thrown in ${l}`);
  }
  return errors;
}

/** Asserts the code and place are the same in both languages and returns the two sentences. */
function sentences(errors: Record<Lang, EtlError>, code: string): Record<Lang, string> {
  expect(errors.es.code).toBe(code);
  expect(errors.en.code).toBe(code);
  expect(errors.es.place).toEqual(errors.en.place);
  expect(errors.es.name).toBe(errors.en.name);
  return { es: errors.es.message, en: errors.en.message };
}

describe('sentences of the ETL core in Spanish and English (contract §7)', () => {
  it('refuses a table-name setting that is no SQL identifier, in the language of the run', () => {
    const said = sentences(
      thrownInEach(() => loadConfig({ RENTAS_TABLE: '1x' })),
      'CONFIG_INVALID',
    );
    expect(said.en).toBe('RENTAS_TABLE must be a plain SQL identifier (letters, digits and _, not starting with a digit, at most 63 characters), got "1x".');
    expect(said.es).toBe(
      'RENTAS_TABLE debe ser un identificador SQL simple (letras, dígitos y _, sin empezar con un dígito, de 63 caracteres como máximo), se recibió "1x".',
    );
  });

  it('refuses a table setting that takes one of the warehouse own names, saying what to do', () => {
    const said = sentences(
      thrownInEach(() => loadConfig({ AGGREGATE_TABLE: 'top_vehiculos' })),
      'CONFIG_INVALID',
    );
    expect(said.en).toBe('AGGREGATE_TABLE cannot be "top_vehiculos": the warehouse keeps a table or view of its own under that name.');
    expect(said.es).toBe('AGGREGATE_TABLE no puede ser "top_vehiculos": el almacén guarda una tabla o vista propia con ese nombre; elija otro nombre de tabla.');
  });

  it('refuses a warehouse of a newer schema version with the version numbers as plain digits', () => {
    const db = new Database(':memory:');
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    const schema = { config: loadConfig({}), contracts: tableContracts() };

    const said = sentences(
      thrownInEach(() => migrate(db, schema)),
      'WAREHOUSE_SCHEMA_NEWER',
    );

    const [newer, known] = [SCHEMA_VERSION + 1, SCHEMA_VERSION];
    expect(said.en).toBe(
      `The warehouse has schema version ${newer}, newer than version ${known} that this release of the ETL knows: load it with a release that knows version ${newer}.`,
    );
    expect(said.es).toBe(
      `El almacén tiene la versión de esquema ${newer}, más nueva que la versión ${known} que conoce esta versión del ETL: cárguelo con una versión del ETL que conozca la versión ${newer}.`,
    );
    expect(db.pragma('user_version', { simple: true })).toBe(newer);
    db.close();
  });

  it('names a fault of the machine and what the run was doing, both in the run language', () => {
    const raw = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    const said = sentences(
      thrownInEach(() => {
        throw ioFault(raw, t().ioWriting({ path: '/out/rejects/rentas.csv' }))!;
      }),
      'IO_FAULT',
    );
    expect(said.en).toBe(
      'disk full (ENOSPC) while writing /out/rejects/rentas.csv: the run stopped and changed nothing; run it again once the machine is fixed.',
    );
    expect(said.es).toBe(
      'disco lleno (ENOSPC) al escribir /out/rejects/rentas.csv: la ejecución se detuvo sin cambiar nada; vuelva a ejecutarla cuando la máquina esté arreglada.',
    );
  });

  it('says IDS_TOO_MANY with the cap as a count with separators, the ids named in the run language', () => {
    const said = sentences(
      thrownInEach(() => {
        const set = new IdSet(t().idsOfFile({ file: 'rentas.csv' }), 4096);
        for (let i = 1; ; i++) set.add(i * 2 ** 30);
      }),
      'IDS_TOO_MANY',
    );
    expect(said.en).toBe(
      'The ids of rentas.csv are too many and too spread out to check in memory: expected at most 3,072 ids that fill less than one in 16 of their range.',
    );
    expect(said.es).toBe(
      'Los ids de rentas.csv son demasiados y están demasiado dispersos para revisarlos en memoria: se esperaban como máximo 3,072 ids que ocupen menos de uno de cada 16 valores de su rango.',
    );
  });

  it('gives the reason an uploaded key is not taken in the run language, with the same unsafe flag', () => {
    const reasons = Object.fromEntries(
      LANGS.map((l) => {
        setLang(l);
        const parsed = parseIncomingKey('incoming/lote/sub/rentas.csv');
        return [l, isIgnored(parsed) ? parsed : undefined];
      }),
    );
    expect(reasons.en).toEqual({ ignored: 'the file is in a nested folder, not directly in a batch folder', unsafe: false, key: 'incoming/lote/sub/rentas.csv' });
    expect(reasons.es).toEqual({ ignored: 'el archivo está en una subcarpeta, no directamente en una carpeta de lote', unsafe: false, key: 'incoming/lote/sub/rentas.csv' });
  });

  it('says which other files of a table a batch ignores, in the singular or the plural', () => {
    const es = catalogue('es');
    expect(es.inputOthersIgnored({ others: ['rentas.csv.gz'], chosen: 'rentas.csv', table: 'rentas' })).toBe(
      'Se ignora rentas.csv.gz: rentas.csv es el archivo de rentas de este lote.',
    );
    expect(es.inputOthersIgnored({ others: ['Rentas.csv', 'rentas.csv.gz'], chosen: 'RENTAS.csv', table: 'rentas' })).toBe(
      'Se ignoran Rentas.csv, rentas.csv.gz: RENTAS.csv es el archivo de rentas de este lote.',
    );
    expect(catalogue('en').inputOthersIgnored({ others: ['rentas.csv.gz'], chosen: 'rentas.csv', table: 'rentas' })).toBe(
      'rentas.csv.gz ignored: rentas.csv is the rentas file of this batch.',
    );
  });
});

/**
 * Entries that may read the same in both languages because they are only codes or names. Every
 * other Spanish entry must differ from the English one: an identical one was left untranslated.
 */
const SAME_IN_BOTH_LANGUAGES: ReadonlySet<string> = new Set([
  // Add a key here only when its text is a code, a file name, a product name, or a word both
  // languages spell alike.
  'reportFileError', // "Error:"
  'uploadValueKind.null', // the JSON literal null
  'summaryError', // "error: <sentence>"
  // Only a frame around sentences that are themselves translated.
  'cliUsageError',
  'generateBadArgument',
  // The summary's top-10 headings that are the aggregate's own column names (and # and id).
  ...[0, 1, 2, 3, 4, 5, 7].map((i) => `summaryTopColumns.${i}`),
]);

/** Stands for any named value a sentence takes: text, a number, a list or a flag. */
function placeholder(name: string): unknown {
  const text = `<${name}>`;
  // Any method a sentence calls on it (join, padEnd, map...) gives the placeholder back.
  const self: unknown = new Proxy(() => undefined, {
    get: (_target, key) => (key === Symbol.toPrimitive || key === 'toString' ? () => text : key === 'length' ? 1 : () => self),
    apply: () => self,
  });
  return self;
}
const anyValues = new Proxy({}, { get: (_target, name) => (typeof name === 'string' ? placeholder(name) : undefined) });

/** An entry rendered as text: a function with placeholder values, a record entry by entry. */
function rendered(entry: unknown): string {
  if (typeof entry === 'function') return String((entry as (p: unknown) => unknown)(anyValues));
  if (typeof entry === 'string') return entry;
  return JSON.stringify(entry);
}

/** The `// --- <area> (...) ---` section markers of a catalogue file, in order. */
const sectionsOf = (file: string): string[] => [...readFileSync(file, 'utf8').matchAll(/^\s*\/\/ --- (.+?) -{3,}$/gm)].map((m) => m[1]);

describe('the catalogues common/i18n/es.ts and en.ts', () => {
  const es = catalogue('es');
  const en = catalogue('en');

  it('have the same keys in the same order, in the same sections', () => {
    expect(Object.keys(es)).toEqual(Object.keys(en));
    expect(sectionsOf('common/i18n/es.ts')).toEqual(sectionsOf('common/i18n/en.ts'));
    for (const key of Object.keys(en) as (keyof Catalogue)[]) {
      const [a, b] = [en[key], es[key]];
      expect(typeof b, key).toBe(typeof a);
      if (typeof a === 'object') expect(Object.keys(b), key).toEqual(Object.keys(a));
    }
  });

  it('have no Spanish entry that reads exactly as the English one, except the codes and names listed', () => {
    const same: string[] = [];
    for (const key of Object.keys(en) as (keyof Catalogue)[]) {
      const [a, b] = [en[key], es[key]];
      const parts =
        typeof a === 'object'
          ? Object.keys(a).map((k) => ({ name: `${key}.${k}`, en: rendered((a as Record<string, unknown>)[k]), es: rendered((b as Record<string, unknown>)[k]) }))
          : [{ name: key, en: rendered(a), es: rendered(b) }];
      for (const part of parts) if (part.en === part.es && !SAME_IN_BOTH_LANGUAGES.has(part.name)) same.push(part.name);
    }
    expect(same).toEqual([]);
  });

  it('lists as allowed only entries that exist and really are the same', () => {
    for (const name of SAME_IN_BOTH_LANGUAGES) {
      const [key, sub] = name.split('.') as [keyof Catalogue, string | undefined];
      const pick = (c: Catalogue) => rendered(sub === undefined ? c[key] : (c[key] as Record<string, unknown>)[sub]);
      expect(pick(es), name).toBe(pick(en));
    }
  });
});
